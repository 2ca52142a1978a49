//! `showcase serve` end to end: the binary on a free loopback port over a copy of the sample,
//! pages fetched over HTTP, an edit that must reach the served page, a YAML error that must
//! reach the event stream while the last good page stays online, and a clean stop; and the
//! preview against hostile clients and pages: a bounded number of threads, no redirect to
//! another host, a private preview folder, the internal site on its own origin, a CSP.

mod common;

use common::{Workspace, showcase_bin};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const REPORT: &str = "cohorts/2017/reports/chengguan-illegal-structures.md";
const REPORT_URL: &str = "/2017/reports/chengguan-illegal-structures/index.html";
const OLD_TITLE: &str = "title: 关于青溪街道老旧小区违建治理的调研";
const WAIT: Duration = Duration::from_secs(20);

/// A running `showcase serve`; killed when dropped (a failed assertion never leaks it).
struct Server {
    child: Child,
    port: u16,
    /// The internal site's own port (`--internal`).
    internal_port: Option<u16>,
    stdout: Arc<Mutex<String>>,
    stderr: Arc<Mutex<String>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        // Politely first, so that the preview removes its folder; then for sure.
        if cfg!(unix) && matches!(self.child.try_wait(), Ok(None)) {
            let _ = Command::new("kill")
                .args(["-INT", &self.child.id().to_string()])
                .status();
            let deadline = Instant::now() + Duration::from_secs(5);
            while matches!(self.child.try_wait(), Ok(None)) && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(20));
            }
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn collect(mut from: impl Read + Send + 'static) -> Arc<Mutex<String>> {
    let buf = Arc::new(Mutex::new(String::new()));
    let into = Arc::clone(&buf);
    std::thread::spawn(move || {
        let mut chunk = [0u8; 4096];
        let mut bytes = Vec::new();
        while let Ok(n) = from.read(&mut chunk) {
            if n == 0 {
                break;
            }
            bytes.extend_from_slice(&chunk[..n]);
            *into.lock().unwrap() = String::from_utf8_lossy(&bytes).into_owned();
        }
    });
    buf
}

impl Server {
    fn start(content: &Path) -> Server {
        Server::start_with(content, &[])
    }

    fn start_with(content: &Path, extra: &[&str]) -> Server {
        let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        let mut child = Command::new(showcase_bin())
            .arg("--content")
            .arg(content)
            .args(["serve", "--port", "0", "--no-booklet", "--theme"])
            .arg(&theme)
            .args(extra)
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start showcase serve");
        let stdout = collect(child.stdout.take().unwrap());
        let stderr = collect(child.stderr.take().unwrap());
        let mut server = Server {
            child,
            port: 0,
            internal_port: None,
            stdout,
            stderr,
        };
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let out = server.stdout();
            let port = |after: &str| {
                let rest = out.split(after).nth(1)?;
                let digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
                digits.parse::<u16>().ok()
            };
            if let Some(p) = port("\n预览地址：http://127.0.0.1:") {
                server.port = p;
                server.internal_port = port("内部版地址（单独的端口）：http://127.0.0.1:");
                return server;
            }
            if let Ok(Some(status)) = server.child.try_wait() {
                panic!("serve exited early ({status}):\n{out}\n{}", server.stderr());
            }
            assert!(
                Instant::now() < deadline,
                "no address printed within 60 s:\n{out}\n{}",
                server.stderr()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn stdout(&self) -> String {
        self.stdout.lock().unwrap().clone()
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// GET over a plain socket: (status code, headers, body).
    fn get(&self, path: &str) -> (u16, String, String) {
        get(self.port, path)
    }

    fn status(&self) -> String {
        self.get("/__showcase/status").2
    }
}

/// GET over a plain socket from the server on `port`: (status code, headers, body).
fn get(port: u16, path: &str) -> (u16, String, String) {
    {
        let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        write!(
            s,
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).expect("read response");
        let text = String::from_utf8_lossy(&raw).into_owned();
        let (head, body) = text.split_once("\r\n\r\n").expect("response head");
        let code = head
            .split_whitespace()
            .nth(1)
            .and_then(|c| c.parse().ok())
            .expect("status code");
        (code, head.to_string(), body.to_string())
    }
}

/// A header's value in a response head.
fn header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines().find_map(|l| {
        let (k, v) = l.split_once(':')?;
        k.eq_ignore_ascii_case(name).then(|| v.trim())
    })
}

/// The event stream: `status` events as their JSON text, read with a deadline.
struct Events {
    stream: TcpStream,
    pending: String,
}

impl Events {
    fn open(port: u16) -> Events {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect events");
        stream
            .set_read_timeout(Some(Duration::from_millis(200)))
            .unwrap();
        write!(
            stream,
            "GET /__showcase/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        Events {
            stream,
            pending: String::new(),
        }
    }

    /// The next status event whose data satisfies `want`, within `WAIT`.
    fn wait_for(&mut self, what: &str, want: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + WAIT;
        let mut seen = Vec::new();
        loop {
            while let Some(end) = self.pending.find("\n\n") {
                let event: String = self.pending.drain(..end + 2).collect();
                if let Some(data) = event
                    .lines()
                    .find_map(|l| l.strip_prefix("data: "))
                    .filter(|_| event.contains("event: status"))
                {
                    if want(data) {
                        return data.to_string();
                    }
                    seen.push(data.to_string());
                }
            }
            assert!(
                Instant::now() < deadline,
                "no event with {what} within {WAIT:?}; seen: {seen:#?}"
            );
            let mut buf = [0u8; 8192];
            match self.stream.read(&mut buf) {
                Ok(0) => panic!("event stream closed"),
                Ok(n) => self.pending.push_str(&String::from_utf8_lossy(&buf[..n])),
                Err(_) => {} // timeout: look again
            }
        }
    }
}

fn wait_until(what: &str, mut ok: impl FnMut() -> bool) {
    let deadline = Instant::now() + WAIT;
    while !ok() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn generation(status_json: &str) -> u64 {
    let v: serde_json::Value = serde_json::from_str(status_json).expect("status is JSON");
    v["generation"].as_u64().expect("generation")
}

/// The preview's own folder: in memory-backed /dev/shm on Linux, else the temporary folder.
fn preview_dir(pid: u32) -> PathBuf {
    let name = format!("showcase-preview-{pid}");
    let shm = Path::new("/dev/shm").join(&name);
    if shm.is_dir() {
        shm
    } else {
        std::env::temp_dir().join(name)
    }
}

#[test]
fn edits_reach_the_page_errors_reach_the_overlay_and_the_last_good_page_stays() {
    let ws = Workspace::new();
    let server = Server::start(&ws.content());

    // Pages are served with the reload script; the script itself is served too.
    let (code, head, home) = server.get("/");
    assert_eq!(code, 200, "{head}");
    assert!(head.contains("text/html"), "{head}");
    assert!(
        home.contains("<script src=\"/__showcase/client.js\""),
        "reload script not injected"
    );
    let (code, head, js) = server.get("/__showcase/client.js");
    assert_eq!(code, 200);
    assert!(head.contains("text/javascript"), "{head}");
    assert!(js.contains("EventSource"));
    let (code, _, page) = server.get(REPORT_URL);
    assert_eq!(code, 200);
    assert!(page.contains("关于青溪街道老旧小区违建治理的调研"));

    // Plain HTTP behaviour: directories redirect to their slash form, nothing outside the
    // build is reachable, unknown pages get the site's 404 page.
    let (code, head, _) = server.get("/2017");
    assert_eq!(code, 301, "{head}");
    assert!(head.contains("Location: /2017/"), "{head}");
    for bad in [
        "/../Cargo.toml",
        "/%2e%2e/Cargo.toml",
        "/2017/..%2f..%2fsite.yaml",
    ] {
        assert_eq!(server.get(bad).0, 404, "{bad}");
    }
    let (code, _, body) = server.get("/no/such/page.html");
    assert_eq!(code, 404);
    assert!(
        body.contains("__showcase/client.js"),
        "404 page without reload script"
    );

    let mut events = Events::open(server.port);
    let first = events.wait_for("the current status", |_| true);
    let gen1 = generation(&first);
    assert!(gen1 >= 1, "{first}");

    // An edit reaches the page, and the open page is told to reload.
    ws.replace(REPORT, OLD_TITLE, "title: 预览测试新标题");
    wait_until("the new title on the page", || {
        server.get(REPORT_URL).2.contains("预览测试新标题")
    });
    let reload = events.wait_for("a newer build", |d| generation(d) > gen1);
    let gen2 = generation(&reload);
    assert!(reload.contains("\"errors\":[]"), "{reload}");
    // The build is published before its line is printed.
    wait_until("the terminal to say what changed", || {
        server.stdout().contains(&format!("{REPORT} 有变化"))
    });

    // A YAML error: the stream carries it (in the edited file, first), the terminal prints
    // it, and the last good page is still served.
    ws.replace(
        REPORT,
        "title: 预览测试新标题",
        "title: [预览测试未闭合 <b>&",
    );
    let broken = events.wait_for("errors", |d| !d.contains("\"errors\":[]"));
    let v: serde_json::Value = serde_json::from_str(&broken).unwrap();
    let errors = v["errors"].as_array().unwrap();
    let e = &errors[0];
    let location = e["location"].as_str().unwrap();
    assert!(
        location.starts_with(&format!("{REPORT}:")),
        "the edited file's error is not first: {broken}"
    );
    let (line, col): (u32, u32) = {
        let mut it = location.rsplit(':');
        let col = it.next().unwrap().parse().unwrap();
        let line = it.next().unwrap().parse().unwrap();
        (line, col)
    };
    assert!(line >= 2 && col >= 1, "{location}");
    assert!(e["message"].as_str().unwrap().contains("YAML"), "{broken}");
    assert!(
        !e["hint"].as_str().unwrap_or("").is_empty(),
        "no hint: {broken}"
    );
    assert_eq!(
        generation(&broken),
        gen2,
        "a broken build must not be published"
    );
    assert!(v["error_count"].as_u64().unwrap() >= 1);
    wait_until("the diagnostic in the terminal", || {
        server.stderr().contains(&format!("--> {location}"))
    });
    let (code, _, page) = server.get(REPORT_URL);
    assert_eq!(code, 200);
    assert!(
        page.contains("预览测试新标题"),
        "the last good page is no longer served"
    );
    assert!(server.status().contains("YAML"));

    // Fixed again: the errors go and a newer build is published.
    ws.replace(REPORT, "title: [预览测试未闭合 <b>&", "title: 修正后的标题");
    let fixed = events.wait_for("the fix", |d| {
        d.contains("\"errors\":[]") && generation(d) > gen2
    });
    assert!(generation(&fixed) > gen2);
    assert!(server.get(REPORT_URL).2.contains("修正后的标题"));

    stop(server);
}

/// Ctrl-C (SIGINT): the preview stops with success and removes its folder.
#[cfg(unix)]
fn stop(mut server: Server) {
    let pid = server.child.id();
    assert!(
        preview_dir(pid).is_dir(),
        "preview folder not where expected"
    );
    let sent = Command::new("kill")
        .args(["-INT", &pid.to_string()])
        .status()
        .expect("run kill");
    assert!(sent.success());
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(s) = server.child.try_wait().unwrap() {
            break s;
        }
        assert!(Instant::now() < deadline, "serve did not stop on SIGINT");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status}\n{}", server.stderr());
    wait_until("the stop message", || {
        server.stdout().contains("预览已停止")
    });
    assert!(!preview_dir(pid).exists(), "preview folder left behind");
}

#[cfg(not(unix))]
fn stop(server: Server) {
    drop(server);
}

/// Content that is broken from the start: a placeholder page with the reload script, the
/// errors on the stream, and the site once the content is fixed.
#[test]
fn broken_content_at_start_is_reported_then_served_once_fixed() {
    let ws = Workspace::new();
    let original = ws.read("site.yaml");
    ws.write("site.yaml", format!("{original}\ntitle: [未闭合\n"));
    let server = Server::start(&ws.content());
    let (code, _, body) = server.get("/");
    assert_eq!(code, 503);
    assert!(body.contains("预览尚未生成"));
    assert!(body.contains("__showcase/client.js"));
    let mut events = Events::open(server.port);
    let broken = events.wait_for("errors", |d| d.contains("site.yaml"));
    assert_eq!(generation(&broken), 0);
    ws.write("site.yaml", original);
    events.wait_for("the first build", |d| generation(d) >= 1);
    let (code, _, home) = server.get("/");
    assert_eq!(code, 200);
    assert!(home.contains("青溪街道"));
}

/// Hostile requests and pages: a protocol-relative path is redirected on this origin only,
/// every answer has a restrictive CSP, the internal site is on an origin of its own (a
/// public page or SVG cannot fetch it), and the preview folder is private.
#[test]
fn the_preview_keeps_redirects_origins_and_files_to_itself() {
    let ws = Workspace::new();
    let server = Server::start_with(&ws.content(), &["--internal"]);

    let (code, head, _) = server.get("//2017");
    assert_eq!(code, 301, "{head}");
    assert_eq!(header(&head, "Location"), Some("/2017/"), "{head}");
    let (_, head, _) = server.get("/2017");
    assert_eq!(header(&head, "Location"), Some("/2017/"), "{head}");

    for (port, path) in [(server.port, "/"), (server.port, "/nope")] {
        let (_, head, _) = get(port, path);
        let csp = header(&head, "Content-Security-Policy").unwrap_or_else(|| panic!("{head}"));
        assert!(csp.contains("default-src 'self'"), "{csp}");
        assert!(csp.contains("script-src 'self';"), "{csp}");
        assert!(!csp.contains("unsafe-eval"), "{csp}");
        assert_eq!(header(&head, "X-Content-Type-Options"), Some("nosniff"));
        assert_eq!(
            header(&head, "Cross-Origin-Resource-Policy"),
            Some("same-origin")
        );
    }

    // DNS rebinding: a page of another site re-pointed at 127.0.0.1 is not answered.
    let mut s = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    s.write_all(b"GET / HTTP/1.1\r\nHost: rebound.example:80\r\n\r\n")
        .unwrap();
    let mut answer = String::new();
    s.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 403"), "{answer}");
    assert!(!answer.contains("青溪"), "{answer}");

    let internal = server
        .internal_port
        .unwrap_or_else(|| panic!("no internal address printed:\n{}", server.stdout()));
    assert_ne!(internal, server.port);
    let (code, head, page) = get(internal, "/");
    assert_eq!(code, 200, "{head}");
    assert!(page.contains("内部资料"), "the internal home page");
    assert!(header(&head, "Content-Security-Policy").is_some(), "{head}");
    let (code, _, page) = server.get("/internal/");
    assert_eq!(code, 404, "the internal site is not on the public origin");
    assert!(!page.contains("内部资料"));
    let (code, _, page) = server.get("/");
    assert_eq!(code, 200);
    assert!(!page.contains("内部资料"));

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let dir = preview_dir(server.child.id());
        let mode = std::fs::metadata(&dir).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o700, "{}", dir.display());
    }
    stop(server);
}

/// Threads of a process, from /proc.
#[cfg(target_os = "linux")]
fn threads(pid: u32) -> usize {
    std::fs::read_dir(format!("/proc/{pid}/task"))
        .unwrap()
        .count()
}

/// 500 connections that never send a request: the fixed worker pool holds some, the queue
/// some more, the rest are turned away; no thread is started for any of them, and the
/// preview answers again once they are gone.
#[cfg(target_os = "linux")]
#[test]
fn idle_connections_do_not_start_threads() {
    let ws = Workspace::new();
    let server = Server::start(&ws.content());
    assert_eq!(server.get("/").0, 200);
    let pid = server.child.id();
    let before = threads(pid);
    let held: Vec<TcpStream> = (0..500)
        .map(|_| TcpStream::connect(("127.0.0.1", server.port)).expect("connect"))
        .collect();
    // Connections are accepted in order: once this one is answered (or reset: turned away
    // before its request arrived), all 500 were accepted.
    let mut probe = TcpStream::connect(("127.0.0.1", server.port)).expect("connect");
    probe
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let _ = probe.write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    let mut answer = Vec::new();
    match probe.read_to_end(&mut answer) {
        Ok(_) => {
            let text = String::from_utf8_lossy(&answer);
            assert!(text.starts_with("HTTP/1.1 "), "{text}");
        }
        Err(e) => assert_eq!(e.kind(), std::io::ErrorKind::ConnectionReset, "{e}"),
    }
    let during = threads(pid);
    assert!(
        during <= before + 2,
        "{during} threads with 500 idle connections, {before} before"
    );
    drop(held);
    wait_until("the preview to answer again", || server.get("/").0 == 200);
}

/// `serve --open` hands the preview's address to the default browser (here a stand-in
/// script named by $BROWSER, which opener honours on Linux).
#[cfg(target_os = "linux")]
#[test]
fn open_hands_the_address_to_the_browser() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let opened = dir.path().join("opened.txt");
    let script = dir.path().join("browser.sh");
    std::fs::write(
        &script,
        format!("#!/bin/sh\necho \"$1\" > '{}'\n", opened.display()),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
    let mut child = Command::new(showcase_bin())
        .arg("--content")
        .arg(common::sample_content())
        .args(["serve", "--port", "0", "--no-booklet", "--open", "--theme"])
        .arg(&theme)
        .env("BROWSER", &script)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    let url = loop {
        if let Ok(s) = std::fs::read_to_string(&opened)
            && !s.trim().is_empty()
        {
            break s.trim().to_string();
        }
        assert!(Instant::now() < deadline, "no browser opened within 60 s");
        std::thread::sleep(Duration::from_millis(100));
    };
    let _ = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status();
    let _ = child.wait();
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    assert!(url.ends_with('/'), "{url}");
}

/// Every file below `dir` but the search index and the build id, relative path → bytes.
fn site_files(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap();
            (
                rel.to_string_lossy().replace('\\', "/"),
                e.path().to_path_buf(),
            )
        })
        .filter(|(rel, _)| !rel.starts_with("search/") || rel == "search/index.html")
        .filter(|(rel, _)| rel != ".showcase-build")
        .map(|(rel, p)| (rel, std::fs::read(p).unwrap()))
        .collect()
}

#[test]
fn an_edit_rebuilds_incrementally_to_exactly_what_a_full_build_writes() {
    let ws = Workspace::new();
    // Files saved long ago: the preview's caches trust their size and time.
    let old = std::time::SystemTime::now() - Duration::from_secs(3600);
    for e in walkdir::WalkDir::new(ws.content()).into_iter().flatten() {
        if e.file_type().is_file() {
            let f = std::fs::File::options().write(true).open(e.path()).unwrap();
            f.set_modified(old).unwrap();
        }
    }
    let server = Server::start(&ws.content());
    let gen1 = generation(&server.status());
    ws.replace(REPORT, OLD_TITLE, "title: 增量生成的新标题");
    wait_until("the new title on the page", || {
        server.get(REPORT_URL).2.contains("增量生成的新标题")
    });
    wait_until("the terminal to say it rebuilt", || {
        server.stdout().matches("已更新预览").count() >= 2
    });
    let gen2 = generation(&server.status());
    assert!(gen2 > gen1);
    // The preview updates its one build folder in place.
    let builds = |pid: u32| -> Vec<PathBuf> {
        std::fs::read_dir(preview_dir(pid))
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| {
                p.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with("build-")
            })
            .collect()
    };
    let served = builds(server.child.id());
    assert_eq!(served.len(), 1, "{served:?}");
    let served = served[0].join("site");
    let same_as_full_build = |name: &str| {
        let out = ws.dir.path().join(name);
        let run = common::run_showcase(&[
            "--content",
            ws.content().to_str().unwrap(),
            "build",
            "--no-booklet",
            "--out",
            out.to_str().unwrap(),
        ]);
        assert_eq!(run.code, Some(0), "{}", run.stderr);
        let (a, b) = (site_files(&served), site_files(&out.join("site")));
        assert!(a.len() > 50, "{} files served", a.len());
        let differ: Vec<&String> = a
            .keys()
            .chain(b.keys())
            .filter(|k| a.get(*k) != b.get(*k))
            .collect();
        assert!(differ.is_empty(), "preview ≠ full build: {differ:?}");
    };
    same_as_full_build("full-build");
    // Only the pages that show the report were rendered again; the rest were kept.
    let out = server.stdout();
    let line = out.lines().rfind(|l| l.contains("已更新预览")).unwrap();
    let counts: Vec<usize> = line
        .split_once("毫秒（")
        .and_then(|(_, r)| r.split_once("个有变化"))
        .map(|(c, _)| {
            c.split(|ch: char| !ch.is_ascii_digit())
                .filter_map(|n| n.parse().ok())
                .collect()
        })
        .unwrap_or_default();
    assert!(
        matches!(counts[..], [all, new] if new >= 1 && new * 4 < all),
        "{line}"
    );
    // A report deleted: its page goes, its neighbours and lists change, nothing else stays.
    std::fs::remove_file(ws.content().join(REPORT)).unwrap();
    wait_until("the deleted report's page to go", || {
        server.get(REPORT_URL).0 == 404
    });
    wait_until("the terminal to say it rebuilt", || {
        server.stdout().matches("已更新预览").count() >= 3
    });
    assert!(generation(&server.status()) > gen2);
    same_as_full_build("full-build-2");
}

#[test]
fn the_search_index_follows_an_edit_in_place_and_a_deletion_with_a_new_index() {
    use showcase::render::html::search::read;
    let ws = Workspace::new();
    let server = Server::start(&ws.content());
    let pid = server.child.id();
    let searches = || -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(preview_dir(pid))
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with("search-"))
            .collect();
        v.sort();
        v
    };
    wait_until("the first search index", || {
        server.get("/search/manifest.js").0 == 200
    });
    assert_eq!(searches(), ["search-1"]);
    let search = preview_dir(pid).join("search-1/site/search");
    ws.replace(REPORT, OLD_TITLE, "title: 增量索引的新标题 Qwzx");
    // The new title's word is found in the title lists, the document reads back with it.
    let found = || {
        let (body, title) = read::postings(&search, "qwzx")?;
        let id = *title.first()?;
        let doc = read::document(&search, id)?;
        (body == [id] && doc.1 == "增量索引的新标题 Qwzx").then_some(doc)
    };
    wait_until("the edited title in the search index", || found().is_some());
    let doc = found().unwrap();
    assert_eq!(format!("/{}", doc.0), REPORT_URL);
    assert!(doc.4.contains("违建"), "the stored text stays: {}", doc.4);
    // The old title's bigram left its title list for this document.
    assert_eq!(searches(), ["search-1"], "updated in place");
    let id = read::postings(&search, "qwzx").unwrap().0[0];
    let (body, title) = read::postings(&search, "老旧").unwrap();
    assert!(
        body.contains(&id) && !title.contains(&id),
        "{id}: {body:?} {title:?}"
    );
    // A deleted report changes every later id: a fresh index replaces the old folder.
    std::fs::remove_file(ws.content().join(REPORT)).unwrap();
    wait_until("a new search index without the report", || {
        searches() == ["search-2"]
    });
    let search = preview_dir(pid).join("search-2/site/search");
    assert_eq!(read::postings(&search, "qwzx"), None);
    assert_eq!(server.get("/search/manifest.js").0, 200);
    stop(server);
}
