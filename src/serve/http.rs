//! A small HTTP/1.1 server on std::net, enough for a local preview: GET and HEAD of the
//! published files of one tree per origin (`Connection: close`, handled by the bounded pool
//! of [`super::pool`]), the reload script injected into every HTML page, and the
//! Server-Sent Events stream (handed to the pool's hub) that tells open pages to reload or to
//! show the error overlay. Every answer carries a restrictive Content-Security-Policy.

use super::pool::Hub;
use super::state::{Shared, Tree};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::time::Duration;

pub const EVENTS: &str = "/__showcase/events";
pub const STATUS: &str = "/__showcase/status";
pub const CLIENT: &str = "/__showcase/client.js";
const CLIENT_JS: &str = include_str!("client.js");

/// The pages are self-contained: scripts (the search script, its index shards, the reload
/// client) and everything else come from the same origin; `style` attributes (bar widths,
/// the overlay) are the only inline code. `connect-src` is for the event stream.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; \
form-action 'self'; frame-ancestors 'none'";

struct Request {
    method: String,
    path: String,
    /// The `Host` header, when sent.
    host: Option<String>,
}

fn read_request(stream: &TcpStream) -> std::io::Result<Option<Request>> {
    let mut reader = BufReader::new(stream.take(64 * 1024));
    let mut line = String::new();
    if reader.read_line(&mut line)? == 0 {
        return Ok(None);
    }
    let mut parts = line.split_whitespace();
    let (Some(method), Some(target)) = (parts.next(), parts.next()) else {
        return Ok(None);
    };
    let mut req = Request {
        method: method.to_string(),
        path: target.to_string(),
        host: None,
    };
    // Of the headers only `Host` matters (see `host_allowed`).
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h)? == 0 || h == "\r\n" || h == "\n" {
            break;
        }
        if let Some((name, value)) = h.split_once(':')
            && name.trim().eq_ignore_ascii_case("host")
        {
            req.host = Some(value.trim().to_string());
        }
    }
    Ok(Some(req))
}

/// A preview listening on loopback answers only requests addressed to loopback: a web page
/// whose domain name was re-pointed at 127.0.0.1 (DNS rebinding) would otherwise read the
/// preview, internal pages included, as its own origin.
fn host_allowed(host: Option<&str>, local: Option<std::net::SocketAddr>) -> bool {
    let (Some(host), Some(local)) = (host, local) else {
        return true;
    };
    if !local.ip().is_loopback() {
        return true;
    }
    let name = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => host.rsplit_once(':').map_or(host, |(h, _)| h),
    };
    name.eq_ignore_ascii_case("localhost")
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// Answers one connection for the site `tree` (the one its port serves).
pub fn handle(
    mut stream: TcpStream,
    tree: Tree,
    shared: &Shared,
    hub: &Hub,
) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    stream.set_write_timeout(Some(Duration::from_secs(30)))?;
    let Some(req) = read_request(&stream)? else {
        return Ok(());
    };
    let head = req.method == "HEAD";
    if !host_allowed(req.host.as_deref(), stream.local_addr().ok()) {
        return respond(
            &mut stream,
            "403 Forbidden",
            "text/plain; charset=utf-8",
            "预览只接受以本机地址（127.0.0.1 或 localhost）访问".as_bytes(),
            head,
            &[],
        );
    }
    if req.method != "GET" && !head {
        return respond(
            &mut stream,
            "405 Method Not Allowed",
            "text/plain; charset=utf-8",
            "预览只支持 GET 请求".as_bytes(),
            head,
            &[("Allow", "GET, HEAD")],
        );
    }
    let raw = req.path.split(['?', '#']).next().unwrap_or("/");
    let Some(path) = percent_decode(raw) else {
        return respond(
            &mut stream,
            "400 Bad Request",
            "text/plain; charset=utf-8",
            "地址无法识别".as_bytes(),
            head,
            &[],
        );
    };
    match path.as_str() {
        EVENTS => return hub.subscribe(stream),
        STATUS => {
            let body = shared.status_json().to_string();
            return respond(
                &mut stream,
                "200 OK",
                "application/json; charset=utf-8",
                body.as_bytes(),
                head,
                &[],
            );
        }
        CLIENT => {
            return respond(
                &mut stream,
                "200 OK",
                "text/javascript; charset=utf-8",
                CLIENT_JS.as_bytes(),
                head,
                &[],
            );
        }
        _ => {}
    }
    serve_file(&mut stream, shared, tree, &path, head)
}

/// Which file of `tree` a request path names.
fn resolve(shared: &Shared, tree: Tree, requested: &str) -> Resolved {
    // The 404 page links through the configured base_url (e.g. `/showcase/`): accept it.
    let base = shared.base_path();
    let (prefix, rel) = match requested.strip_prefix(base.trim_end_matches('/')) {
        Some(rest) if base != "/" && (rest.is_empty() || rest.starts_with('/')) => (
            base.trim_end_matches('/'),
            if rest.is_empty() { "/" } else { rest },
        ),
        _ => ("", requested),
    };
    let mut segments = Vec::new();
    for s in rel.split('/') {
        if s.is_empty() || s == "." {
            continue;
        }
        if s == ".." || s.contains(['\\', '\0', ':']) {
            return Resolved::NotFound(tree);
        }
        segments.push(s);
    }
    // Booklets are rebuilt in the background: the newest PDF is served without re-rendering.
    if let [year, "booklet.pdf"] = segments.as_slice()
        && year.bytes().all(|b| b.is_ascii_digit())
        && let Some(print) = shared.booklet(year)
    {
        let generation = print.generation;
        return Resolved::File(print.dir.join("booklet.pdf"), generation, print);
    }
    let Some(site) = shared.tree_dir(tree, false) else {
        return Resolved::NotBuilt;
    };
    let mut file: PathBuf = site.dir.clone();
    file.extend(&segments);
    if file.is_dir() {
        if !rel.ends_with('/') {
            return Resolved::Redirect(folder_location(prefix, &segments));
        }
        file.push("index.html");
    }
    if file.is_file() {
        let generation = site.generation;
        return Resolved::File(file, generation, site);
    }
    // The search index is built apart, in the background: its files are looked up there.
    if let Some(search) = shared.tree_dir(tree, true) {
        let mut file: PathBuf = search.dir.clone();
        file.extend(&segments);
        if file.is_file() {
            let generation = search.generation;
            return Resolved::File(file, generation, search);
        }
    }
    Resolved::NotFound(tree)
}

enum Resolved {
    /// The file, the build generation it belongs to, and a handle that keeps its build
    /// folder alive while it is read.
    File(PathBuf, u64, super::state::Served),
    Redirect(String),
    NotFound(Tree),
    /// No build has succeeded yet.
    NotBuilt,
}

/// The address of a folder, with its slash: always a path on this origin (`/a/b/`, never
/// `//host/`), percent-encoded so that nothing from the request reaches the header raw.
fn folder_location(prefix: &str, segments: &[&str]) -> String {
    let mut to = String::from(prefix);
    for s in segments {
        to.push('/');
        for b in s.bytes() {
            if b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=@".contains(&b) {
                to.push(b as char);
            } else {
                to.push_str(&format!("%{b:02X}"));
            }
        }
    }
    to.push('/');
    to
}

fn serve_file(
    stream: &mut TcpStream,
    shared: &Shared,
    tree: Tree,
    path: &str,
    head: bool,
) -> std::io::Result<()> {
    match resolve(shared, tree, path) {
        Resolved::File(file, generation, _keep) => {
            let ctype = content_type(&file);
            match std::fs::read(&file) {
                Ok(bytes) if ctype.starts_with("text/html") => {
                    let html = inject(&String::from_utf8_lossy(&bytes), generation);
                    respond(stream, "200 OK", &ctype, html.as_bytes(), head, &[])
                }
                Ok(bytes) => respond(stream, "200 OK", &ctype, &bytes, head, &[]),
                Err(_) => not_found(stream, shared, tree, head),
            }
        }
        Resolved::Redirect(to) => respond(
            stream,
            "301 Moved Permanently",
            "text/plain; charset=utf-8",
            b"",
            head,
            &[("Location", &to)],
        ),
        Resolved::NotFound(tree) => not_found(stream, shared, tree, head),
        Resolved::NotBuilt => {
            let html = inject(PLACEHOLDER, 0);
            respond(
                stream,
                "503 Service Unavailable",
                "text/html; charset=utf-8",
                html.as_bytes(),
                head,
                &[("Retry-After", "1")],
            )
        }
    }
}

const PLACEHOLDER: &str = "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\
<title>预览尚未生成</title></head><body style=\"font-family:sans-serif;margin:3em\">\
<h1>预览尚未生成</h1><p>正在生成网站，或内容有错误尚未修正。修正后本页会自动刷新。</p></body></html>\n";

fn not_found(
    stream: &mut TcpStream,
    shared: &Shared,
    tree: Tree,
    head: bool,
) -> std::io::Result<()> {
    if let Some(root) = shared.tree_dir(tree, false)
        && let Ok(text) = std::fs::read_to_string(root.dir.join("404.html"))
    {
        let html = inject(&text, root.generation);
        return respond(
            stream,
            "404 Not Found",
            "text/html; charset=utf-8",
            html.as_bytes(),
            head,
            &[],
        );
    }
    respond(
        stream,
        "404 Not Found",
        "text/plain; charset=utf-8",
        "找不到这个页面".as_bytes(),
        head,
        &[],
    )
}

/// Adds the reload script before `</body>` (or at the end). `generation` is the build the page
/// belongs to: the script reloads when a newer build is published.
pub fn inject(html: &str, generation: u64) -> String {
    let tag =
        format!("<script src=\"{CLIENT}\" data-generation=\"{generation}\" defer></script>\n");
    let at = html
        .to_ascii_lowercase()
        .rfind("</body>")
        .unwrap_or(html.len());
    let mut out = String::with_capacity(html.len() + tag.len());
    out.push_str(&html[..at]);
    out.push_str(&tag);
    out.push_str(&html[at..]);
    out
}

fn respond(
    stream: &mut TcpStream,
    status: &str,
    ctype: &str,
    body: &[u8],
    head: bool,
    extra: &[(&str, &str)],
) -> std::io::Result<()> {
    let mut h = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nCache-Control: no-store\r\n\
Connection: close\r\nContent-Security-Policy: {CSP}\r\nX-Content-Type-Options: nosniff\r\n\
Referrer-Policy: no-referrer\r\nCross-Origin-Resource-Policy: same-origin\r\n",
        body.len()
    );
    for (k, v) in extra {
        h.push_str(&format!("{k}: {v}\r\n"));
    }
    h.push_str("\r\n");
    stream.write_all(h.as_bytes())?;
    if !head {
        stream.write_all(body)?;
    }
    stream.flush()
}

/// The `Content-Type` of a file from its extension (`mime_guess`). Text types and JSON declare
/// UTF-8, the encoding of every file a build writes; unknown extensions are
/// `application/octet-stream`.
pub fn content_type(p: &Path) -> String {
    let mime = mime_guess::from_path(p).first_or_octet_stream();
    if mime.type_() == "text" || mime.essence_str() == "application/json" {
        format!("{}; charset=utf-8", mime.essence_str())
    } else {
        mime.essence_str().to_string()
    }
}

/// Decodes the `%XX` escapes of a request path (UTF-8); `None` for a malformed escape
/// (`%zz`, a cut-off `%4`) or bytes that are not UTF-8.
pub fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let malformed = b.iter().enumerate().any(|(i, &c)| {
        c == b'%'
            && !b
                .get(i + 1..i + 3)
                .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit))
    });
    if malformed {
        return None;
    }
    let decoded = percent_encoding::percent_decode_str(s).decode_utf8().ok()?;
    Some(decoded.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn injects_before_the_closing_body_tag() {
        let html = inject("<html><body><p>x</p></BODY></html>", 7);
        assert!(html.starts_with(
            "<html><body><p>x</p><script src=\"/__showcase/client.js\" data-generation=\"7\""
        ));
        assert!(html.ends_with("</script>\n</BODY></html>"));
        assert!(inject("<p>no body</p>", 1).ends_with("</script>\n"));
    }

    #[test]
    fn folder_redirects_stay_on_this_origin() {
        assert_eq!(folder_location("", &["2017"]), "/2017/");
        assert_eq!(
            folder_location("/showcase", &["2017", "a b"]),
            "/showcase/2017/a%20b/"
        );
        assert_eq!(
            folder_location("", &["图\r\nX: y"]),
            "/%E5%9B%BE%0D%0AX%3A%20y/"
        );
    }

    #[test]
    fn only_loopback_names_reach_a_loopback_preview() {
        let lo = Some("127.0.0.1:8000".parse().unwrap());
        for ok in [
            "127.0.0.1:8000",
            "localhost:8000",
            "LOCALHOST",
            "[::1]:8000",
            "127.0.0.1",
        ] {
            assert!(host_allowed(Some(ok), lo), "{ok}");
        }
        for bad in [
            "evil.example:8000",
            "evil.example",
            "192.168.1.5:8000",
            "[fe80::1]:80",
        ] {
            assert!(!host_allowed(Some(bad), lo), "{bad}");
        }
        assert!(host_allowed(None, lo));
        let lan = Some("0.0.0.0:8000".parse().unwrap());
        assert!(host_allowed(Some("pc-17:8000"), lan));
    }

    #[test]
    fn decodes_paths() {
        assert_eq!(
            percent_decode("/a%20b/%E5%9B%BE.svg").as_deref(),
            Some("/a b/图.svg")
        );
        assert_eq!(percent_decode("/bad%zz"), None);
        assert_eq!(percent_decode("/cut%4"), None);
        assert_eq!(percent_decode("/%FF"), None);
    }

    #[test]
    fn content_types_declare_utf8_text() {
        assert_eq!(
            content_type(Path::new("a/index.HTML")),
            "text/html; charset=utf-8"
        );
        assert_eq!(
            content_type(Path::new("a/b.json")),
            "application/json; charset=utf-8"
        );
        assert_eq!(content_type(Path::new("a/b.svg")), "image/svg+xml");
        assert_eq!(content_type(Path::new("a/b")), "application/octet-stream");
    }
}
