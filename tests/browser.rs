//! Real-browser test of the website: builds the sample, serves it under a sub-path from a tiny
//! static HTTP server, and runs `tests/browser/run.mjs` (Chromium through playwright-core,
//! axe-core, the Nu Html Checker) against it. Needs `./scripts/setup.sh --test`.

mod common;

use common::{copy_dir, sample_content, showcase_bin};
// The preview server's own decoding and MIME types, so both servers answer alike.
use showcase::serve::{content_type, percent_decode};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// The site is served under this sub-path, never at the root, to prove that every link and
/// asset reference is relative (or follows `base_url`).
const PREFIX: &str = "/showcase/";
/// The internal build (`--internal`), served beside it.
const INTERNAL_PREFIX: &str = "/showcase-internal/";
const BUILD_TIMEOUT: Duration = Duration::from_secs(300);
const NODE_TIMEOUT: Duration = Duration::from_secs(300);
const IO_TIMEOUT: Duration = Duration::from_secs(10);

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn setup_hint(what: &str) -> ! {
    panic!("{what}: run ./scripts/setup.sh --test first")
}

// --- the static server -----------------------------------------------------------------------

/// Sub-paths and the folders served under them.
type Mounts = Vec<(&'static str, PathBuf)>;

struct Server {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Server {
    fn start(mounts: Mounts) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local addr");
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let mounts = Arc::new(mounts);
        let thread = std::thread::spawn(move || {
            for conn in listener.incoming() {
                if flag.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = conn else { continue };
                let mounts = mounts.clone();
                std::thread::spawn(move || serve(stream, &mounts));
            }
        });
        Server {
            addr,
            stop,
            thread: Some(thread),
        }
    }

    fn url(&self, prefix: &str) -> String {
        format!("http://{}{prefix}", self.addr)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the blocking accept so the thread sees the flag.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

enum Answer {
    File(u16, PathBuf),
    Redirect(String),
    Text(u16, &'static str),
}

/// Maps a request target to an answer: files below a mount's folder under its sub-path,
/// directories redirected to their trailing-slash form, `index.html` for a folder, and that
/// site's own `404.html` (status 404) for anything missing under the sub-path.
fn resolve(mounts: &[(&str, PathBuf)], target: &str) -> Answer {
    let path = target.split(['?', '#']).next().unwrap_or("");
    let Some(path) = percent_decode(path) else {
        return Answer::Text(400, "bad request\n");
    };
    if let Some((prefix, _)) = mounts.iter().find(|(p, _)| path == p.trim_end_matches('/')) {
        return Answer::Redirect(prefix.to_string());
    }
    let Some((rest, root)) = mounts
        .iter()
        .find_map(|(p, root)| Some((path.strip_prefix(p)?, root)))
    else {
        return Answer::Text(404, "not found (outside the sites' sub-paths)\n");
    };
    let not_found = Answer::File(404, root.join("404.html"));
    let mut file = root.to_path_buf();
    for seg in rest.split('/') {
        match seg {
            "" | "." => {}
            ".." => return not_found,
            s if s.contains('\\') || s.contains('\0') => return not_found,
            s => file.push(s),
        }
    }
    if file.is_dir() {
        if !rest.is_empty() && !rest.ends_with('/') {
            return Answer::Redirect(format!("{path}/"));
        }
        file.push("index.html");
    }
    if file.is_file() {
        Answer::File(200, file)
    } else {
        not_found
    }
}

fn reason(code: u16) -> &'static str {
    match code {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        _ => "Error",
    }
}

fn serve(stream: TcpStream, mounts: &[(&str, PathBuf)]) {
    let _ = stream.set_read_timeout(Some(IO_TIMEOUT));
    let _ = stream.set_write_timeout(Some(IO_TIMEOUT));
    // The request is read through a limit so a client cannot make the server buffer without end.
    let mut reader = BufReader::new((&stream).take(64 * 1024));
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() || request_line.is_empty() {
        return;
    }
    // Skip the headers (bounded).
    let mut header = String::new();
    for _ in 0..100 {
        header.clear();
        match reader.read_line(&mut header) {
            Ok(0) | Err(_) => break,
            Ok(_) if header == "\r\n" || header == "\n" => break,
            Ok(_) => {}
        }
    }
    drop(reader);
    let mut stream = &stream;
    let mut parts = request_line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let answer = if method != "GET" {
        Answer::Text(405, "only GET\n")
    } else {
        resolve(mounts, target)
    };
    let (code, ctype, body, location) = match answer {
        Answer::File(code, p) => match std::fs::read(&p) {
            Ok(b) => (code, content_type(&p), b, None),
            Err(_) => (
                404,
                "text/plain; charset=utf-8".into(),
                b"not found\n".to_vec(),
                None,
            ),
        },
        Answer::Redirect(to) => (
            301,
            "text/plain; charset=utf-8".into(),
            Vec::new(),
            Some(to),
        ),
        Answer::Text(code, t) => (
            code,
            "text/plain; charset=utf-8".into(),
            t.as_bytes().to_vec(),
            None,
        ),
    };
    let mut head = format!(
        "HTTP/1.1 {code} {}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\n\
         X-Content-Type-Options: nosniff\r\nCache-Control: no-store\r\nConnection: close\r\n",
        reason(code),
        body.len()
    );
    if let Some(to) = location {
        head.push_str(&format!("Location: {to}\r\n"));
    }
    head.push_str("\r\n");
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&body);
    let _ = stream.flush();
    let _ = stream.shutdown(Shutdown::Write);
}

// --- running things with a deadline ------------------------------------------------------------

/// Runs a command with piped output and a deadline; returns (success, stdout + stderr).
fn run_bounded(mut cmd: Command, limit: Duration, what: &str) -> (bool, String) {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {what}: {e}"));
    let drain = |r: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut s = Vec::new();
            if let Some(mut r) = r {
                let _ = r.read_to_end(&mut s);
            }
            String::from_utf8_lossy(&s).into_owned()
        })
    };
    let out = drain(
        child
            .stdout
            .take()
            .map(|s| Box::new(s) as Box<dyn Read + Send>),
    );
    let err = drain(
        child
            .stderr
            .take()
            .map(|s| Box::new(s) as Box<dyn Read + Send>),
    );
    let start = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(s)) => break Some(s),
            Ok(None) if start.elapsed() < limit => std::thread::sleep(Duration::from_millis(50)),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
        }
    };
    let text = format!(
        "{}{}",
        out.join().unwrap_or_default(),
        err.join().unwrap_or_default()
    );
    match status {
        Some(s) => (s.success(), text),
        None => (
            false,
            format!("{text}\n{what} did not finish within {} s", limit.as_secs()),
        ),
    }
}

// --- the test ----------------------------------------------------------------------------------

// Every built-in theme passes the same checks (navigation, search, axe, vnu, layout at
// phone and desktop widths).
#[test]
fn site_works_in_a_real_browser_default_theme() {
    site_works_in_a_real_browser("default");
}

#[test]
fn site_works_in_a_real_browser_gongwen_theme() {
    site_works_in_a_real_browser("gongwen");
}

fn site_works_in_a_real_browser(theme: &str) {
    let browser_dir = repo().join("tests/browser");
    if !browser_dir.join("node_modules/playwright-core").is_dir()
        || !browser_dir.join("node_modules/axe-core").is_dir()
        || !browser_dir.join("node_modules/vnu-jar").is_dir()
    {
        setup_hint("tests/browser/node_modules is missing");
    }
    if Command::new("node").arg("--version").output().is_err() {
        setup_hint("node is not installed");
    }

    // The sample, with base_url set to the sub-path it is served from: the 404 page is served
    // at any depth and so links to the site by base_url (every other page is relative).
    let tmp = tempfile::Builder::new()
        .prefix("showcase-browser-")
        .tempdir()
        .expect("tempdir");
    let content = tmp.path().join("content");
    copy_dir(&sample_content(), &content);
    let site_yaml = content.join("site.yaml");
    let yaml = std::fs::read_to_string(&site_yaml).expect("read site.yaml");
    let base_line = yaml
        .lines()
        .find(|l| l.starts_with("base_url:"))
        .expect("site.yaml of the sample has a base_url line")
        .to_string();
    std::fs::write(
        &site_yaml,
        yaml.replacen(&base_line, &format!("base_url: {PREFIX}"), 1),
    )
    .expect("write site.yaml");

    let out = tmp.path().join("out");
    let mut build = Command::new(showcase_bin());
    build
        .arg("build")
        .arg("--no-booklet")
        .arg("--content")
        .arg(&content)
        .arg("--out")
        .arg(&out)
        .arg("--theme")
        .arg(repo().join("themes").join(theme))
        .arg("--internal")
        .env("NO_COLOR", "1");
    let (ok, log) = run_bounded(build, BUILD_TIMEOUT, "showcase build");
    assert!(ok, "showcase build failed:\n{log}");
    let site = out.join("site");
    let internal = out.join("internal");
    for d in [&site, &internal] {
        assert!(
            d.join("index.html").is_file(),
            "no {}/index.html:\n{log}",
            d.display()
        );
    }

    let server = Server::start(vec![
        (PREFIX, site.clone()),
        (INTERNAL_PREFIX, internal.clone()),
    ]);
    let shots = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("browser")
        .join(theme);
    let mut node = Command::new("node");
    node.arg(browser_dir.join("run.mjs"))
        .arg(server.url(PREFIX))
        .arg(&site)
        .arg(server.url(INTERNAL_PREFIX))
        .arg(&internal)
        .current_dir(&browser_dir)
        .env("BROWSER_TEST_OUT", &shots);
    let (ok, report) = run_bounded(node, NODE_TIMEOUT, "the browser test");
    drop(server);
    println!("{report}");
    if report.contains("run ./scripts/setup.sh --test first") {
        setup_hint(report.trim());
    }
    assert!(ok, "browser test failed ({theme} theme):\n{report}");
}

/// Search from `file://`: a query of four characters lists the report holding it as a phrase
/// and leaves out a document that holds its three bigrams apart (老旧 / 旧小 / 小区), which a
/// bigram AND alone would return; title hits come first (tests/browser/search.mjs).
#[test]
fn search_results_hold_the_query_as_a_phrase() {
    let browser_dir = repo().join("tests/browser");
    if !browser_dir.join("node_modules/playwright-core").is_dir() {
        setup_hint("tests/browser/node_modules is missing");
    }
    let tmp = tempfile::tempdir().expect("tempdir");
    let content = tmp.path().join("content");
    copy_dir(&sample_content(), &content);
    std::fs::write(
        content.join("cohorts/2017/reports/zz-decoy.md"),
        "---\ntitle: 诱饵文章\nauthors: [高晓峰]\ngroup: chengguan\ndate: 2017-12-20\n\
         abstract: 测试。\nkeywords: [测试]\n---\n\n这里的房子很老旧。依旧小巧。小区干净。\n",
    )
    .expect("write decoy");
    let out = tmp.path().join("out");
    let mut build = Command::new(showcase_bin());
    build
        .args(["build", "--no-booklet", "--content"])
        .arg(&content)
        .arg("--out")
        .arg(&out)
        .arg("--theme")
        .arg(repo().join("themes/default"))
        .env("NO_COLOR", "1");
    let (ok, log) = run_bounded(build, BUILD_TIMEOUT, "showcase build");
    assert!(ok, "showcase build failed:\n{log}");
    let mut node = Command::new("node");
    node.arg(browser_dir.join("search.mjs"))
        .arg(out.join("site"))
        .args([
            "check",
            "老旧小区",
            "关于老旧小区物业管理现状的调研",
            "诱饵文章",
        ])
        .current_dir(&browser_dir);
    let (ok, report) = run_bounded(node, NODE_TIMEOUT, "the search test");
    println!("{report}");
    assert!(ok, "search test failed:\n{report}");
}

#[test]
fn server_maps_paths_under_the_prefix() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path();
    std::fs::create_dir_all(root.join("2017/groups/a")).unwrap();
    std::fs::write(root.join("index.html"), "home").unwrap();
    std::fs::write(root.join("404.html"), "missing").unwrap();
    std::fs::write(root.join("2017/groups/a/index.html"), "a").unwrap();
    std::fs::write(root.join("搜索.json"), "{}").unwrap();
    let other = tempfile::tempdir().expect("tempdir");
    std::fs::write(other.path().join("index.html"), "other").unwrap();
    let mounts = vec![
        ("/showcase/", root.to_path_buf()),
        ("/showcase-internal/", other.path().to_path_buf()),
    ];
    let resolve = |t: &str| resolve(&mounts, t);
    let file = |a: Answer| match a {
        Answer::File(c, p) => match p.strip_prefix(root) {
            Ok(r) => (c, r.to_string_lossy().to_string()),
            Err(_) => (
                c,
                format!("other:{}", p.strip_prefix(other.path()).unwrap().display()),
            ),
        },
        Answer::Redirect(to) => (301, to),
        Answer::Text(c, _) => (c, String::new()),
    };
    assert_eq!(file(resolve("/showcase/")), (200, "index.html".into()));
    assert_eq!(file(resolve("/showcase")), (301, "/showcase/".into()));
    assert_eq!(
        file(resolve("/showcase/2017/groups/a")),
        (301, "/showcase/2017/groups/a/".into())
    );
    assert_eq!(
        file(resolve("/showcase/2017/groups/a/index.html?x=1#y")),
        (200, "2017/groups/a/index.html".into())
    );
    assert_eq!(
        file(resolve("/showcase/%E6%90%9C%E7%B4%A2.json")),
        (200, "搜索.json".into())
    );
    assert_eq!(
        file(resolve("/showcase/nope.html")),
        (404, "404.html".into())
    );
    assert_eq!(file(resolve("/showcase/../x")), (404, "404.html".into()));
    assert_eq!(
        file(resolve("/showcase/%2e%2e/x")),
        (404, "404.html".into())
    );
    assert_eq!(file(resolve("/index.html")).0, 404);
    assert_eq!(
        file(resolve("/showcase-internal/")),
        (200, "other:index.html".into())
    );
    assert_eq!(
        file(resolve("/showcase-internal")),
        (301, "/showcase-internal/".into())
    );
    assert_eq!(content_type(Path::new("a/b.wasm")), "application/wasm");
    assert_eq!(
        content_type(Path::new("a/b.JS")),
        "text/javascript; charset=utf-8"
    );
}
