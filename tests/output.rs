//! The output folder under attack and accident, through the binary: builds killed at random
//! moments, two builds at once on one `--out`, a project folder passed as `--out`, files
//! showcase did not write. After each, the folder must hold exactly one complete build
//! (every part naming the same build in its `.showcase-build`) and nobody's files are lost.

mod common;

use common::{Workspace, copy_dir, showcase_bin};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const PARTS: [&str; 3] = ["site", "internal", "print"];
const TITLE: &str = "title: 青溪街道青年干部培养成果展示";

fn theme() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default")
}

fn build_cmd(content: &Path, out: &Path, extra: &[&str]) -> Command {
    let mut c = Command::new(showcase_bin());
    c.arg("--content")
        .arg(content)
        .arg("build")
        .arg("--out")
        .arg(out)
        .arg("--theme")
        .arg(theme())
        .args(extra)
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    c
}

fn build(content: &Path, out: &Path, extra: &[&str]) -> (bool, String) {
    let o = build_cmd(content, out, extra).output().expect("run build");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    (o.status.success(), text)
}

/// The build id of every part present; panics on a part without one.
fn ids(out: &Path) -> Vec<(&'static str, String)> {
    PARTS
        .iter()
        .filter(|p| out.join(p).exists())
        .map(|p| {
            let id = std::fs::read_to_string(out.join(p).join(".showcase-build"))
                .unwrap_or_else(|e| panic!("{p}/ has no build id ({e}): a partial part"));
            (*p, id.trim().to_string())
        })
        .collect()
}

/// Exactly one complete build: the parts `parts` present (site, internal and maybe print),
/// all from the same build, site and internal home pages showing the same title.
fn one_complete_build(out: &Path, what: &str, parts: &[&str]) -> String {
    let ids = ids(out);
    let names: Vec<&str> = ids.iter().map(|(p, _)| *p).collect();
    assert_eq!(names, parts, "{what}: parts present");
    assert!(
        ids.iter().all(|(_, id)| *id == ids[0].1),
        "{what}: parts of several builds: {ids:?}"
    );
    let title = |p: &str| {
        let html = std::fs::read_to_string(out.join(p).join("index.html"))
            .unwrap_or_else(|e| panic!("{what}: {p}/index.html: {e}"));
        html.split("<title>")
            .nth(1)
            .and_then(|t| t.split("</title>").next())
            .unwrap_or("")
            .to_string()
    };
    let (site, internal) = (title("site"), title("internal"));
    let marker = |t: &str| {
        t.split_whitespace()
            .find(|w| w.starts_with("第"))
            .map(String::from)
    };
    assert_eq!(
        marker(&site),
        marker(&internal),
        "{what}: {site} / {internal}"
    );
    site
}

fn leftovers(out: &Path) -> Vec<String> {
    std::fs::read_dir(out)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".staging-") || n.starts_with(".old-") || n.contains("swap"))
        .collect()
}

/// A small pseudo-random sequence (no dependency needed for kill delays).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % below.max(1)
    }
}

/// Builds killed at random moments (within the time a whole build takes), each followed by a
/// build that stops on content errors: the folder always holds one complete build, and the
/// next build completes an interrupted swap and removes every leftover.
fn kill_loop(flags: &[&str], parts: &[&str], iterations: usize) {
    let ws = Workspace::new();
    let out = ws.dir.path().join("out");
    // Content with errors: a build that stops after opening (and repairing) the folder.
    let broken = ws.dir.path().join("broken");
    copy_dir(&ws.content(), &broken);
    std::fs::write(broken.join("site.yaml"), "title: [未闭合\n").unwrap();

    let started = Instant::now();
    let (ok, log) = build(&ws.content(), &out, flags);
    assert!(ok, "{log}");
    let full = started.elapsed().as_millis() as u64;
    one_complete_build(&out, "first build", parts);

    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64;
    let mut rng = Lcg(seed);
    let mut pending = 0;
    for i in 0..iterations {
        ws.replace("site.yaml", TITLE, &format!("title: 第{i}次 青溪"));
        let delay = rng.next(full * 6 / 5);
        let mut child = build_cmd(&ws.content(), &out, flags)
            .spawn()
            .expect("start build");
        std::thread::sleep(Duration::from_millis(delay));
        let _ = child.kill(); // SIGKILL on Unix
        let _ = child.wait();
        wait_for_orphans(&out);
        let what = format!("iteration {i} (seed {seed}, killed after {delay} ms of ~{full})");
        if out.join(".showcase-swap").exists() {
            pending += 1; // killed mid-swap: the next build completes it
        } else {
            one_complete_build(&out, &what, parts);
        }
        // The next build, even one that stops on content errors, completes an interrupted
        // swap and removes every leftover.
        let (ok, log) = build(&broken, &out, flags);
        assert!(!ok && log.contains("构建已取消"), "{what}: {log}");
        one_complete_build(&out, &what, parts);
        assert!(leftovers(&out).is_empty(), "{what}: {:?}", leftovers(&out));
        ws.replace("site.yaml", &format!("title: 第{i}次 青溪"), TITLE);
    }
    eprintln!("{pending} of {iterations} kills hit the swap itself");
    let (ok, log) = build(&ws.content(), &out, flags);
    assert!(ok, "{log}");
    one_complete_build(&out, "last build", parts);
    assert!(leftovers(&out).is_empty(), "{:?}", leftovers(&out));
}

/// typst processes of a killed build run on until they finish (writing into the dead build's
/// staging folder): wait for them, so that they do not recreate a folder the next build
/// removed. Linux only (reads /proc); elsewhere a no-op.
fn wait_for_orphans(out: &Path) {
    let Ok(out) = out.canonicalize() else { return };
    let deadline = Instant::now() + Duration::from_secs(120);
    let busy = || {
        std::fs::read_dir("/proc")
            .into_iter()
            .flatten()
            .flatten()
            .any(|e| {
                std::fs::read_link(e.path().join("cwd")).is_ok_and(|cwd| cwd.starts_with(&out))
            })
    };
    while busy() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn a_build_killed_at_any_moment_leaves_one_complete_build_and_the_next_cleans_up() {
    kill_loop(&["--internal", "--no-booklet"], &["site", "internal"], 15);
}

/// The same with booklets (needs typst): print/ too is always from the same build.
#[test]
fn a_booklet_build_killed_at_any_moment_leaves_one_complete_build() {
    kill_loop(&["--internal"], &["site", "internal", "print"], 5);
}

#[test]
fn two_builds_at_once_give_one_complete_build() {
    let ws = Workspace::new();
    let other = ws.dir.path().join("other");
    copy_dir(&ws.content(), &other);
    ws.replace("site.yaml", TITLE, "title: 第一 青溪");
    let text = std::fs::read_to_string(other.join("site.yaml")).unwrap();
    std::fs::write(
        other.join("site.yaml"),
        text.replace(TITLE, "title: 第二 青溪"),
    )
    .unwrap();
    let out = ws.dir.path().join("out");
    for round in 0..3 {
        let a = build_cmd(&ws.content(), &out, &["--internal", "--no-booklet"])
            .spawn()
            .unwrap();
        let b = build_cmd(&other, &out, &["--internal", "--no-booklet"])
            .spawn()
            .unwrap();
        for c in [a, b] {
            let o = c.wait_with_output().unwrap();
            assert!(
                o.status.success(),
                "round {round}: {}",
                String::from_utf8_lossy(&o.stderr)
            );
        }
        one_complete_build(&out, &format!("round {round}"), &["site", "internal"]);
        assert!(leftovers(&out).is_empty(), "{:?}", leftovers(&out));
    }
}

/// A build killed in the middle of its swap (made by hand here: random kills rarely land in
/// those microseconds): `site/` already the new one, `internal/` still the old one, the
/// journal present. The next build, even one that stops on content errors, completes it.
#[test]
fn a_swap_cut_in_the_middle_is_completed_by_the_next_build() {
    let ws = Workspace::new();
    let out = ws.dir.path().join("out");
    let (ok, log) = build(&ws.content(), &out, &["--internal", "--no-booklet"]);
    assert!(ok, "{log}");
    let (staging, old) = (out.join(".staging-424242"), out.join(".old-424242"));
    copy_dir(&out.join("internal"), &staging.join("internal"));
    std::fs::write(staging.join("internal/.showcase-build"), "B\n").unwrap();
    std::fs::create_dir_all(&old).unwrap();
    std::fs::rename(out.join("site"), old.join("site")).unwrap();
    copy_dir(&old.join("site"), &out.join("site"));
    std::fs::write(out.join("site/.showcase-build"), "B\n").unwrap();
    std::fs::write(
        out.join(".showcase-swap"),
        r#"{"staging":".staging-424242","old":".old-424242","staged":["site","internal"],"build":"B"}"#,
    )
    .unwrap();

    let broken = ws.dir.path().join("broken");
    copy_dir(&ws.content(), &broken);
    std::fs::write(broken.join("site.yaml"), "title: [未闭合\n").unwrap();
    let (ok, log) = build(&broken, &out, &["--internal", "--no-booklet"]);
    assert!(!ok && log.contains("构建已取消"), "{log}");
    assert!(log.contains("被中断，已把那次构建完整换入"), "{log}");
    assert_eq!(
        ids(&out),
        [("site", "B".to_string()), ("internal", "B".to_string())]
    );
    assert!(leftovers(&out).is_empty(), "{:?}", leftovers(&out));
}

/// The lock, made visible: while something holds the output folder's marker locked, a build
/// says it waits and writes nothing; it runs once the lock is released.
#[test]
fn a_build_waits_while_the_folder_is_locked() {
    use std::io::Read;
    let ws = Workspace::new();
    let out = ws.dir.path().join("out");
    let flags = ["--internal", "--no-booklet"];
    let (ok, log) = build(&ws.content(), &out, &flags);
    assert!(ok, "{log}");
    let before = ids(&out);
    let held = std::fs::OpenOptions::new()
        .write(true)
        .open(out.join(".showcase-output"))
        .unwrap();
    held.lock().unwrap();
    let mut child = build_cmd(&ws.content(), &out, &flags).spawn().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let mut seen = Vec::new();
    let mut chunk = [0u8; 256];
    while !String::from_utf8_lossy(&seen).contains("等它完成后继续") {
        let n = stderr.read(&mut chunk).unwrap();
        assert!(
            n > 0,
            "the build ended without waiting: {}",
            String::from_utf8_lossy(&seen)
        );
        seen.extend_from_slice(&chunk[..n]);
    }
    assert!(
        leftovers(&out).is_empty(),
        "a waiting build wrote: {:?}",
        leftovers(&out)
    );
    assert_eq!(ids(&out), before);
    held.unlock().unwrap();
    let status = child.wait().unwrap();
    assert!(status.success());
    assert_ne!(ids(&out), before, "the build did not run after the wait");
    one_complete_build(&out, "after the wait", &["site", "internal"]);
}

#[test]
fn a_project_folder_as_out_is_refused_and_nothing_is_touched() {
    let ws = Workspace::new();
    let project = ws.dir.path();
    std::fs::create_dir_all(project.join("internal")).unwrap();
    std::fs::write(project.join("internal/notes.txt"), "我的笔记").unwrap();
    std::fs::create_dir_all(project.join("print")).unwrap();
    std::fs::write(project.join("print/driver.txt"), "打印机驱动").unwrap();
    let before = listing(project);
    let o = Command::new(showcase_bin())
        .current_dir(project)
        .args(["--content", "content", "build", "--internal", "--out", "."])
        .arg("--theme")
        .arg(theme())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("没有 showcase 的标记文件"), "{err}");
    assert!(err.contains("没有改动任何文件"), "{err}");
    assert_eq!(listing(project), before, "the folder changed");
    assert_eq!(
        std::fs::read_to_string(project.join("internal/notes.txt")).unwrap(),
        "我的笔记"
    );
    assert_eq!(
        std::fs::read_to_string(project.join("print/driver.txt")).unwrap(),
        "打印机驱动"
    );
}

#[test]
fn files_beside_the_parts_of_a_marked_folder_are_kept() {
    let ws = Workspace::new();
    let out = ws.dir.path().join("out");
    let (ok, log) = build(&ws.content(), &out, &["--no-booklet"]);
    assert!(ok, "{log}");
    assert!(out.join(".showcase-output").is_file());
    std::fs::write(out.join("上传说明.txt"), "keep").unwrap();
    let (ok, log) = build(&ws.content(), &out, &["--no-booklet", "--internal"]);
    assert!(ok, "{log}");
    assert_eq!(
        std::fs::read_to_string(out.join("上传说明.txt")).unwrap(),
        "keep"
    );
    one_complete_build(&out, "second build", &["site", "internal"]);
    // A public-only build takes the internal site away with the rest of the old build.
    let (ok, log) = build(&ws.content(), &out, &["--no-booklet"]);
    assert!(ok, "{log}");
    assert!(!out.join("internal").exists());
}

#[cfg(unix)]
#[test]
fn the_staging_folder_is_private() {
    use std::os::unix::fs::PermissionsExt;
    let ws = Workspace::new();
    let out = ws.dir.path().join("out");
    let mut child = build_cmd(&ws.content(), &out, &["--internal", "--no-booklet"])
        .spawn()
        .unwrap();
    // Catch the staging folder while the build writes it (or see the build end first).
    let mut seen = None;
    while seen.is_none() && child.try_wait().unwrap().is_none() {
        seen = std::fs::read_dir(&out).ok().and_then(|d| {
            d.flatten()
                .find(|e| e.file_name().to_string_lossy().starts_with(".staging-"))
                .and_then(|e| e.metadata().ok())
        });
        std::thread::sleep(Duration::from_millis(1));
    }
    let _ = child.wait();
    if let Some(m) = seen {
        assert_eq!(m.permissions().mode() & 0o777, 0o700);
    }
}

/// A folder made immutable (`chattr +i`: not even root can rename it), as a file held open
/// by another program makes it on Windows; made mutable again when dropped.
#[cfg(target_os = "linux")]
struct Immutable(PathBuf);

#[cfg(target_os = "linux")]
impl Immutable {
    fn set(dir: &Path) -> Option<Immutable> {
        let ok = Command::new("chattr").arg("+i").arg(dir).output();
        ok.is_ok_and(|o| o.status.success())
            .then(|| Immutable(dir.to_path_buf()))
    }
}

#[cfg(target_os = "linux")]
impl Drop for Immutable {
    fn drop(&mut self) {
        let _ = Command::new("chattr").arg("-i").arg(&self.0).status();
    }
}

/// A part that cannot be moved in the middle of the swap (after `site/` was swapped): the
/// swap is rolled back, the message names the part and says to close what holds it, and
/// the previous build stays whole.
#[cfg(target_os = "linux")]
#[test]
fn a_part_that_cannot_be_replaced_rolls_the_swap_back() {
    let ws = Workspace::new();
    let out = ws.dir.path().join("out");
    let flags = ["--internal", "--no-booklet"];
    let (ok, log) = build(&ws.content(), &out, &flags);
    assert!(ok, "{log}");
    let before = ids(&out);
    let Some(held) = Immutable::set(&out.join("internal")) else {
        eprintln!("chattr +i is not available here: nothing to test");
        return;
    };
    ws.replace("site.yaml", TITLE, "title: 第二 青溪");
    let (ok, log) = build(&ws.content(), &out, &flags);
    drop(held);
    assert!(!ok, "{log}");
    assert!(
        log.contains("无法替换") && log.contains("internal"),
        "{log}"
    );
    assert!(log.contains("关闭后重新构建"), "{log}");
    assert!(log.contains("保持不变"), "{log}");
    assert_eq!(ids(&out), before, "the previous build is not whole");
    one_complete_build(&out, "after the failed swap", &["site", "internal"]);
    assert!(leftovers(&out).is_empty(), "{:?}", leftovers(&out));
    let (ok, log) = build(&ws.content(), &out, &flags);
    assert!(ok, "{log}");
    assert!(one_complete_build(&out, "next build", &["site", "internal"]).contains("第二"));
}

fn listing(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = walkdir(dir);
    v.sort();
    v
}

fn walkdir(dir: &Path) -> Vec<String> {
    let mut v = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        v.push(p.display().to_string());
        if e.file_type().unwrap().is_dir() {
            v.extend(walkdir(&p));
        }
    }
    v
}
