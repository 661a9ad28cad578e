//! The client to the Magewell Cloud: http or https (the system's certificate authorities, a
//! CA file, or — said at start — none checked), connection and answer timeouts, and no
//! request ever sent twice by it (hyper's retry of a request on a connection found closed
//! is turned off: an `upgrade/start` must leave once or not at all).

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::http::uri::{Authority, PathAndQuery, Scheme};
use axum::http::{Request, Response, Uri};
use hyper::body::Incoming;
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use rustls::ClientConfig;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, ServerName, UnixTime};

/// The largest piece of an answer read at once from the Cloud.
const READ_BUFFER: usize = 1024 * 1024;

/// Which certificates of an https Cloud are trusted.
#[derive(Debug, Clone)]
pub enum Trust {
    /// The system's certificate authorities.
    System,
    /// The system's, and those in this PEM file (a Cloud with its own CA).
    Ca(std::path::PathBuf),
    /// None checked (`--cloud-insecure`): for a self-signed Cloud on a network you trust.
    Insecure,
}

/// How long the service waits for the Cloud.
#[derive(Debug, Clone, Copy)]
pub struct Timeouts {
    /// To open a connection.
    pub connect: Duration,
    /// For the answer to a call (the body sent, the answer's headers back).
    pub answer: Duration,
    /// For the answer to a firmware upload (hundreds of MiB on a slow link).
    pub upload: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts {
            connect: Duration::from_secs(10),
            answer: Duration::from_secs(60),
            upload: Duration::from_secs(30 * 60),
        }
    }
}

/// Why the Cloud gave no answer.
#[derive(Debug)]
pub enum CloudError {
    /// No answer within the timeout.
    Timeout(Duration),
    /// No connection, or the connection broke.
    Unreachable(String),
}

impl std::fmt::Display for CloudError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CloudError::Timeout(after) => {
                write!(f, "the Magewell Cloud did not answer within {} s", after.as_secs())
            }
            CloudError::Unreachable(why) => {
                write!(f, "the Magewell Cloud could not be reached: {why}")
            }
        }
    }
}

/// The Cloud the service stands in front of.
pub struct Cloud {
    scheme: Scheme,
    authority: Authority,
    /// What the Cloud's address adds before `/sc_cloud/…` (empty for most).
    prefix: String,
    client: Client<HttpsConnector<HttpConnector>, Body>,
    pub timeouts: Timeouts,
    /// Its address, as said in logs and errors.
    pub address: String,
}

impl Cloud {
    /// A client for the Cloud at `url` (`http://host:port` or `https://…`).
    pub fn new(url: &str, trust: &Trust, timeouts: Timeouts) -> Result<Cloud, String> {
        let uri: Uri =
            url.parse().map_err(|e| format!("--cloud {url:?} is not an address: {e}"))?;
        let scheme = uri
            .scheme()
            .cloned()
            .ok_or_else(|| format!("--cloud {url:?} needs http:// or https://"))?;
        if scheme != Scheme::HTTP && scheme != Scheme::HTTPS {
            return Err(format!("--cloud {url:?} must be http:// or https://"));
        }
        let authority =
            uri.authority().cloned().ok_or_else(|| format!("--cloud {url:?} names no host"))?;
        let prefix = uri.path().trim_end_matches('/').to_string();
        let tls = tls_config(trust)?;
        let mut http = HttpConnector::new();
        http.enforce_http(false);
        http.set_connect_timeout(Some(timeouts.connect));
        http.set_nodelay(true);
        let connector = hyper_rustls::HttpsConnectorBuilder::new()
            .with_tls_config(tls)
            .https_or_http()
            .enable_http1()
            .wrap_connector(http);
        let client = Client::builder(TokioExecutor::new())
            .retry_canceled_requests(false)
            .pool_idle_timeout(Duration::from_secs(30))
            // A fleet's answer is megabytes: read it in large pieces, not 8 KB ones.
            .http1_max_buf_size(READ_BUFFER)
            .build(connector);
        Ok(Cloud {
            scheme,
            authority,
            prefix,
            client,
            timeouts,
            address: url.trim_end_matches('/').to_string(),
        })
    }

    /// The Cloud's address of `path_and_query` (`/sc_cloud/…?…`).
    pub fn uri(&self, path_and_query: &str) -> Result<Uri, String> {
        let joined = format!("{}{path_and_query}", self.prefix);
        let pq: PathAndQuery = joined.parse().map_err(|e| format!("{e}"))?;
        Uri::builder()
            .scheme(self.scheme.clone())
            .authority(self.authority.clone())
            .path_and_query(pq)
            .build()
            .map_err(|e| e.to_string())
    }

    /// Sends `request` once and waits `timeout` at most for the answer's headers.
    pub async fn send(
        &self,
        request: Request<Body>,
        timeout: Duration,
    ) -> Result<Response<Incoming>, CloudError> {
        match tokio::time::timeout(timeout, self.client.request(request)).await {
            Err(_) => Err(CloudError::Timeout(timeout)),
            Ok(Err(error)) => Err(CloudError::Unreachable(describe(&error))),
            Ok(Ok(response)) => Ok(response),
        }
    }
}

/// The innermost cause: "connection refused", not "client error (Connect)".
fn describe(error: &(dyn std::error::Error + 'static)) -> String {
    let mut cause = error;
    while let Some(inner) = cause.source() {
        cause = inner;
    }
    cause.to_string()
}

/// ring's provider: it builds with no C toolchain beyond cc (aws-lc needs cmake), and a
/// Cloud's TLS needs no post-quantum key exchange, which is why rustls now marks it old.
#[allow(deprecated)]
pub fn provider() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

fn tls_config(trust: &Trust) -> Result<ClientConfig, String> {
    let builder = ClientConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?;
    let config = match trust {
        Trust::Insecure => builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(AnyCertificate(provider())))
            .with_no_client_auth(),
        Trust::System | Trust::Ca(_) => {
            let mut roots = rustls::RootCertStore::empty();
            let native = rustls_native_certs::load_native_certs();
            roots.add_parsable_certificates(native.certs);
            if let Trust::Ca(file) = trust {
                for cert in read_pem(file)? {
                    roots.add(cert).map_err(|e| format!("{}: {e}", file.display()))?;
                }
            }
            builder.with_root_certificates(roots).with_no_client_auth()
        }
    };
    Ok(config)
}

/// The certificates of a PEM file, or why it cannot be read.
pub fn read_pem(file: &Path) -> Result<Vec<CertificateDer<'static>>, String> {
    let certs: Vec<_> = CertificateDer::pem_file_iter(file)
        .map_err(|e| format!("{}: {e}", file.display()))?
        .collect::<Result<_, _>>()
        .map_err(|e| format!("{}: {e}", file.display()))?;
    if certs.is_empty() {
        return Err(format!("{} holds no certificate", file.display()));
    }
    Ok(certs)
}

/// Accepts any certificate (the signature of the handshake is still checked).
#[derive(Debug)]
struct AnyCertificate(Arc<CryptoProvider>);

impl ServerCertVerifier for AnyCertificate {
    fn verify_server_cert(
        &self,
        _: &CertificateDer<'_>,
        _: &[CertificateDer<'_>],
        _: &ServerName<'_>,
        _: &[u8],
        _: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}
