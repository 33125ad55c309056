//! A static file server for dist/ on 127.0.0.1, enough to open the page in a browser.
//!
//! One request at a time, GET and HEAD only, with the MIME types the page needs (wasm must
//! be served as `application/wasm` for streaming compilation). Every response allows any
//! origin, as a static host does, so the page also works in a sandboxed iframe, whose
//! opaque origin fetches the module scripts and the wasm with CORS.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::{fs, io};

/// Serves `dist` on http://127.0.0.1:`port` until the process is stopped.
pub fn serve(dist: &Path, port: u16) -> Result<(), String> {
    let listener = TcpListener::bind(("127.0.0.1", port)).map_err(|error| {
        format!("listening on 127.0.0.1:{port} failed: {error}; choose another port with --port N")
    })?;
    println!("\nbce-explorer is served at http://127.0.0.1:{port}/ (press Ctrl+C to stop)");

    for stream in listener.incoming() {
        match stream {
            Ok(stream) => {
                if let Err(error) = respond(dist, stream) {
                    eprintln!("request failed: {error}");
                }
            }
            Err(error) => eprintln!("accepting a connection failed: {error}"),
        }
    }
    Ok(())
}

fn respond(dist: &Path, mut stream: TcpStream) -> io::Result<()> {
    let mut request_line = String::new();
    BufReader::new(&stream).read_line(&mut request_line)?;
    let mut words = request_line.split_whitespace();
    let method = words.next().unwrap_or_default();
    let target = words.next().unwrap_or_default();

    if method != "GET" && method != "HEAD" {
        return write_response(
            &mut stream,
            "405 Method Not Allowed",
            "text/plain",
            b"",
            true,
        );
    }
    let Some(path) = resolve(dist, target) else {
        return write_response(
            &mut stream,
            "404 Not Found",
            "text/plain",
            b"not found\n",
            true,
        );
    };
    match fs::read(&path) {
        Ok(body) => {
            let with_body = method == "GET";
            write_response(&mut stream, "200 OK", content_type(&path), &body, with_body)
        }
        Err(_) => write_response(
            &mut stream,
            "404 Not Found",
            "text/plain",
            b"not found\n",
            true,
        ),
    }
}

/// Maps a request target to a file inside `dist`, or `None` when it would leave `dist`.
fn resolve(dist: &Path, target: &str) -> Option<PathBuf> {
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let mut resolved = dist.to_path_buf();
    for component in Path::new(path.trim_start_matches('/')).components() {
        match component {
            Component::Normal(part) => resolved.push(part),
            Component::CurDir => {}
            _ => return None,
        }
    }
    if resolved.is_dir() {
        resolved.push("index.html");
    }
    Some(resolved)
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|extension| extension.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("wasm") => "application/wasm",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("json") => "application/json",
        _ => "application/octet-stream",
    }
}

fn write_response(
    stream: &mut TcpStream,
    status: &str,
    content_type: &str,
    body: &[u8],
    with_body: bool,
) -> io::Result<()> {
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\
         Access-Control-Allow-Origin: *\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    if with_body {
        stream.write_all(body)?;
    }
    stream.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolve_stays_inside_dist() {
        let dist = Path::new("/srv/dist");
        assert_eq!(
            Some(PathBuf::from("/srv/dist/pkg/app.js")),
            resolve(dist, "/pkg/app.js?v=1")
        );
        assert_eq!(None, resolve(dist, "/../secret"));
        assert_eq!(None, resolve(dist, "/pkg/../../secret"));
    }

    #[test]
    fn wasm_content_type() {
        assert_eq!("application/wasm", content_type(Path::new("a/b.wasm")));
    }
}
