//! End to end with two processes: litrev runs in a pseudo-terminal on a
//! real git repository while git, in another process, merges a co-author's
//! branch into the same folder. The table shows the merged studies without
//! a key press.

use std::io::Read;
use std::path::Path;
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

/// Generous: the machine may be slow and busy. Waiting is for readiness
/// only; nothing is asserted about how long anything takes.
const TIMEOUT: Duration = Duration::from_secs(120);

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dest = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &dest);
        } else {
            std::fs::copy(e.path(), dest).unwrap();
        }
    }
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .current_dir(dir)
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.org"])
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn retitle(review: &Path, id: &str, title: &str) {
    let p = review.join("studies").join(format!("{id}.toml"));
    let text = std::fs::read_to_string(&p).unwrap();
    let old = text
        .lines()
        .find(|l| l.starts_with("title = "))
        .unwrap()
        .to_string();
    std::fs::write(&p, text.replacen(&old, &format!("title = \"{title}\""), 1)).unwrap();
}

#[test]
fn a_git_merge_under_a_running_interface_shows_in_its_table_without_a_key() {
    let tmp = tempfile::tempdir().unwrap();
    let review = tmp.path().join("review");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("data/example"),
        &review,
    );
    let config = tmp.path().join("config");
    std::fs::create_dir_all(&config).unwrap();
    git(&review, &["init", "--quiet"]);
    git(&review, &["add", "-A"]);
    git(&review, &["commit", "--quiet", "-m", "the review"]);
    // A co-author's branch retitles three studies.
    git(&review, &["checkout", "--quiet", "-b", "ben"]);
    for (id, title) in [
        ("adams-2022", "Merged title one"),
        ("andersen-2015", "Merged title two"),
        ("taylor-2020", "Merged title three"),
    ] {
        retitle(&review, id, title);
    }
    git(&review, &["commit", "--quiet", "-am", "Ben's titles"]);
    git(&review, &["checkout", "--quiet", "main"]);

    let pty = native_pty_system();
    let pair = pty
        .openpty(PtySize {
            rows: 35,
            cols: 120,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_litrev"));
    cmd.arg(&review);
    cmd.cwd(tmp.path());
    cmd.env("TERM", "xterm-256color");
    cmd.env("LITREV_CONFIG_DIR", &config);
    let mut child = pair.slave.spawn_command(cmd).unwrap();
    drop(pair.slave);
    let parser = Arc::new(Mutex::new(vt100::Parser::new(35, 120, 0)));
    let mut reader = pair.master.try_clone_reader().unwrap();
    {
        let parser = Arc::clone(&parser);
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                parser.lock().unwrap().process(&buf[..n]);
            }
        });
    }
    let mut keys = pair.master.take_writer().unwrap();
    let text = || parser.lock().unwrap().screen().contents();
    let wait_for = |what: &str, ready: &dyn Fn(&str) -> bool| {
        let start = Instant::now();
        loop {
            let t = text();
            if ready(&t) {
                return;
            }
            assert!(
                start.elapsed() < TIMEOUT,
                "timed out waiting for {what}; the screen shows:\n{t}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    };
    wait_for("the table", &|t| t.contains("75 studies"));

    // The other process: git merges Ben's branch into the folder.
    git(&review, &["merge", "--no-edit", "ben"]);
    // No key is pressed: the table follows the disk.
    wait_for("the merged titles", &|t| {
        t.contains("Merged title") && t.contains("3 studies changed on disk (git merge?)")
    });

    use std::io::Write;
    keys.write_all(b"q").unwrap();
    keys.flush().unwrap();
    let start = Instant::now();
    loop {
        if let Some(st) = child.try_wait().unwrap() {
            assert!(st.success());
            break;
        }
        if start.elapsed() > TIMEOUT {
            let _ = child.kill();
            panic!("litrev did not quit:\n{}", text());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}
