//! The service's own https (`--tls-cert`, `--tls-key`): a certificate chain and its key in
//! PEM, served with rustls.

use std::path::Path;
use std::sync::Arc;

use axum_server::tls_rustls::RustlsConfig;
use rustls_pki_types::PrivateKeyDer;
use rustls_pki_types::pem::PemObject;

use crate::cloud::{provider, read_pem};

/// The server configuration of a certificate chain and its private key, or why not.
pub fn tls_config(cert: &Path, key: &Path) -> Result<RustlsConfig, String> {
    let chain = read_pem(cert)?;
    let key = PrivateKeyDer::from_pem_file(key).map_err(|e| format!("{}: {e}", key.display()))?;
    let config = rustls::ServerConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .map_err(|e| format!("--tls-cert / --tls-key: {e}"))?;
    Ok(RustlsConfig::from_config(Arc::new(config)))
}
