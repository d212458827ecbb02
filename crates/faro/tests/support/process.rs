//! The real `faro serve` as a child process, for the tests that drive it (backups, the privacy
//! crawl).

// Each test uses the part it needs.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Child, ChildStdout, Command, Stdio};

/// A running `faro serve`, killed when dropped.
pub struct Server {
    pub child: Child,
    pub addr: SocketAddr,
    _stdout: BufReader<ChildStdout>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// Starts `command` (a `faro` invocation with its database arguments) as `serve` on a free
    /// loopback port and waits for the line that gives its address.
    pub fn start(mut command: Command) -> Server {
        let mut child = command
            .args(["serve", "--listen", "127.0.0.1:0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start faro serve");
        let Some(stdout) = child.stdout.take() else {
            let _ = child.kill();
            let _ = child.wait();
            panic!("no stdout of faro serve");
        };
        let mut out = BufReader::new(stdout);
        let mut line = String::new();
        loop {
            line.clear();
            if out.read_line(&mut line).unwrap_or(0) == 0 {
                let _ = child.kill();
                let status = child.wait();
                panic!("faro serve ended before serving: {status:?}");
            }
            if let Some(at) = line.trim().split(" at http://").nth(1) {
                let Ok(addr) = at.trim_end_matches('/').parse() else {
                    let _ = child.kill();
                    let _ = child.wait();
                    panic!("not an address: {at}");
                };
                return Server {
                    child,
                    addr,
                    _stdout: out,
                };
            }
        }
    }
}
