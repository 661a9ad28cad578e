//! The `mwcloud-console` program itself: what it says at start, a clear refusal of bad
//! options, a graceful stop on SIGTERM (a request in flight finishes), and `backup`.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use common::TempDir;

fn program() -> Command {
    Command::new(env!("CARGO_BIN_EXE_mwcloud-console"))
}

/// Starts the program; its address, read from what it prints first.
fn start(args: &[&str]) -> (Child, String) {
    let mut child =
        program().args(args).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    let addr = first
        .strip_prefix("mwcloud-console listening on http://")
        .unwrap_or_else(|| panic!("{first}"))
        .trim_end_matches('/')
        .to_string();
    std::thread::spawn(move || for _ in lines {});
    (child, addr)
}

/// A Cloud that answers every request after `delay`, with a small JSON.
fn slow_cloud(delay: Duration) -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            std::thread::spawn(move || {
                let mut buffer = [0u8; 4096];
                let _ = stream.read(&mut buffer);
                std::thread::sleep(delay);
                let body = r#"{"result":0}"#;
                let _ = write!(
                    stream,
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
            });
        }
    });
    format!("http://{addr}")
}

#[test]
fn sigterm_lets_a_request_in_flight_finish_then_stops() {
    let dir = TempDir::new("process");
    let cloud = slow_cloud(Duration::from_millis(1500));
    let data = dir.0.display().to_string();
    let (mut child, addr) = start(&["--listen", "127.0.0.1:0", "--cloud", &cloud, "--data", &data]);
    let request = std::thread::spawn(move || {
        let mut stream = TcpStream::connect(&addr).unwrap();
        write!(
            stream,
            "GET /sc_cloud/scapi/get-devs HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n"
        )
        .unwrap();
        let mut reply = String::new();
        stream.read_to_string(&mut reply).unwrap();
        reply
    });
    std::thread::sleep(Duration::from_millis(400));
    let stopped = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    assert!(stopped.success());
    let reply = request.join().unwrap();
    assert!(reply.starts_with("HTTP/1.1 200"), "the request in flight finished: {reply}");
    assert!(reply.ends_with(r#"{"result":0}"#), "{reply}");
    let status = child.wait().unwrap();
    assert!(status.success(), "a clean stop: {status}");
}

#[test]
fn without_a_cloud_the_program_says_what_it_needs() {
    let output = program().output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr).trim(),
        "mwcloud-console: --cloud URL is needed: the Magewell Cloud to stand in front of"
    );
    let output = program().args(["--cloud", "ftp://cloud"]).output().unwrap();
    assert!(String::from_utf8_lossy(&output.stderr).contains("must be http:// or https://"));
}

#[test]
fn backup_copies_the_record_and_refuses_to_overwrite() {
    let dir = TempDir::new("backup-cli");
    let data = dir.0.join("data");
    let copy = dir.0.join("copy.db");
    let run = |args: &[&str]| program().args(args).output().unwrap();
    let made = run(&["backup", copy.to_str().unwrap(), "--data", data.to_str().unwrap()]);
    assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));
    assert!(String::from_utf8_lossy(&made.stdout).contains("was copied to"));
    assert!(copy.is_file());
    let again = run(&["backup", copy.to_str().unwrap(), "--data", data.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("exists already"));
}
