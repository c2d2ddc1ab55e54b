//! Any number of signals make one recovery: two or three signals sent 0,
//! 10 or 100 ms apart (a closed window sends the kernel's SIGHUP and the
//! shell's; a logout SIGTERM then SIGHUP), and a tmux pane running an
//! interactive bash closed under litrev, all leave the open form's text in
//! the recovery file. Before, a second signal ended litrev at once with
//! nothing kept.
#![cfg(unix)]

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

/// Generous: the machine may be slow and busy. Waiting is for readiness only;
/// nothing is asserted about how long anything takes.
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

/// A copy of the bundled example: (the folder, the review in it, an empty
/// configuration folder).
fn example_review() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/example");
    let tmp = tempfile::tempdir().unwrap();
    let review = tmp.path().join("review");
    copy_dir(&example, &review);
    let config = tmp.path().join("config");
    std::fs::create_dir_all(&config).unwrap();
    (tmp, review, config)
}

/// Waits until `ready(screen())`, or fails with the screen.
fn wait_for(what: &str, screen: &dyn Fn() -> String, ready: &dyn Fn(&str) -> bool) {
    let start = Instant::now();
    loop {
        let text = screen();
        if ready(&text) {
            return;
        }
        assert!(
            start.elapsed() < TIMEOUT,
            "timed out waiting for {what}; the screen shows:\n{text}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The program in a pseudo-terminal, its screen read through vt100.
struct Pty {
    parser: Arc<Mutex<vt100::Parser>>,
    keys: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    _master: Box<dyn portable_pty::MasterPty + Send>,
}

impl Pty {
    fn spawn(review: &Path, config: &Path) -> Pty {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: 35,
                cols: 120,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_litrev"));
        cmd.arg(review);
        cmd.cwd(review);
        cmd.env("TERM", "xterm-256color");
        cmd.env("LITREV_CONFIG_DIR", config);
        let child = pair.slave.spawn_command(cmd).unwrap();
        drop(pair.slave);
        let parser = Arc::new(Mutex::new(vt100::Parser::new(35, 120, 0)));
        let mut reader = pair.master.try_clone_reader().unwrap();
        let p = Arc::clone(&parser);
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                p.lock().unwrap().process(&buf[..n]);
            }
        });
        Pty {
            parser,
            keys: pair.master.take_writer().unwrap(),
            child,
            _master: pair.master,
        }
    }

    fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    fn send(&mut self, s: &str) {
        self.keys.write_all(s.as_bytes()).unwrap();
        self.keys.flush().unwrap();
    }

    fn wait(&mut self) -> portable_pty::ExitStatus {
        let start = Instant::now();
        loop {
            if let Some(st) = self.child.try_wait().unwrap() {
                return st;
            }
            if start.elapsed() > TIMEOUT {
                let _ = self.child.kill();
                panic!("litrev did not end; the screen shows:\n{}", self.screen());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

fn signal_name(sig: i32) -> &'static str {
    match sig {
        libc::SIGTERM => "SIGTERM",
        libc::SIGHUP => "SIGHUP",
        libc::SIGINT => "SIGINT",
        _ => "?",
    }
}

/// Opens the first study's form, types a title, then sends `signals`
/// `gap` apart: litrev ends as stopped by the first, with the form's text
/// in the recovery file and the study file untouched.
fn storm(signals: &[i32], gap: Duration) {
    let (_tmp, review, config) = example_review();
    let loaded = litrev::store::load(&review).unwrap();
    let id = loaded.studies[0].study.id.clone();
    let study = review.join("studies").join(format!("{id}.toml"));
    let before = std::fs::read(&study).unwrap();
    let mut s = Pty::spawn(&review, &config);
    wait_for("the studies table", &|| s.screen(), &|t| {
        t.contains("75 studies")
    });
    s.send("e");
    wait_for("the edit form", &|| s.screen(), &|t| {
        t.contains(&format!("Edit {id}"))
    });
    s.send("\x15");
    s.send("Kept through a storm");
    wait_for("the typed title", &|| s.screen(), &|t| {
        t.contains("Kept through a storm")
    });
    let pid = s.child.process_id().expect("a pid") as libc::pid_t;
    for (i, &sig) in signals.iter().enumerate() {
        if i > 0 && !gap.is_zero() {
            std::thread::sleep(gap);
        }
        // SAFETY: kill(2) on the child this test started.
        let r = unsafe { libc::kill(pid, sig) };
        // A later signal may find litrev already gone (ESRCH): that is an
        // end, not a failure of the test; what it left is checked below.
        assert!(r == 0 || i > 0, "kill {sig} {pid}");
    }
    let status = s.wait();
    let what = format!("{signals:?} {gap:?} apart");
    // Signals sent at the same instant are taken in the kernel's order
    // (lowest number first), not in the order sent: the first taken counts.
    let first = if gap.is_zero() {
        signals
            .iter()
            .copied()
            .find(|&sig| status.exit_code() == 128 + sig as u32)
            .unwrap_or(signals[0])
    } else {
        signals[0]
    };
    assert_eq!(status.exit_code(), 128 + first as u32, "{what}: {status:?}");
    let kept = std::fs::read_to_string(review.join(".litrev-recovery.toml"))
        .unwrap_or_else(|e| panic!("{what}: no recovery file ({e})"));
    assert!(kept.contains("Kept through a storm"), "{what}: {kept}");
    assert!(
        kept.contains(&format!("signal = \"{}\"", signal_name(first))),
        "{what}: {kept}"
    );
    assert_eq!(
        std::fs::read(&study).unwrap(),
        before,
        "{what}: nothing saved"
    );
}

const TERM: i32 = libc::SIGTERM;
const HUP: i32 = libc::SIGHUP;
const INT: i32 = libc::SIGINT;

#[test]
fn two_signals_at_once_keep_the_form() {
    // Two of one kind sent at once may merge into one; two kinds never do.
    storm(&[TERM, TERM], Duration::ZERO);
    storm(&[TERM, HUP], Duration::ZERO);
    storm(&[HUP, INT], Duration::ZERO);
}

#[test]
fn two_signals_10_and_100_ms_apart_keep_the_form() {
    storm(&[HUP, HUP], Duration::from_millis(10));
    // A logout: SIGTERM, then SIGHUP.
    storm(&[TERM, HUP], Duration::from_millis(100));
}

#[test]
fn three_signals_0_10_and_100_ms_apart_keep_the_form() {
    storm(&[HUP, TERM, INT], Duration::ZERO);
    storm(&[TERM, HUP, INT], Duration::from_millis(10));
    storm(&[INT, TERM, HUP], Duration::from_millis(100));
}

/// The processes under `pid` (children, grandchildren, …).
fn descendants(pid: u32) -> Vec<u32> {
    let mut out = Vec::new();
    let mut todo = vec![pid];
    while let Some(p) = todo.pop() {
        let children =
            std::fs::read_to_string(format!("/proc/{p}/task/{p}/children")).unwrap_or_default();
        for c in children.split_whitespace().filter_map(|c| c.parse().ok()) {
            out.push(c);
            todo.push(c);
        }
    }
    out
}

/// True while `pid` runs (a zombie nobody reaped yet counts as ended).
fn alive(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .is_ok_and(|s| !s.split(") ").nth(1).is_some_and(|r| r.starts_with('Z')))
}

/// An interactive bash in a tmux pane runs litrev (`command`, with `{bin}`
/// and `{review}` filled in) as a job; the pane is closed while the form
/// is open: the kernel's SIGHUP and bash's own reach litrev. Its form is
/// in the recovery file.
fn close_bash_pane(name: &str, command: &str, tries: usize) {
    for n in 0..tries {
        let (tmp, review, config) = example_review();
        let socket = format!("litrev-{name}-{}-{n}", std::process::id());
        let tmux = |args: &[&str]| {
            std::process::Command::new("tmux")
                .arg("-L")
                .arg(&socket)
                .args(args)
                .env_remove("TMUX")
                .output()
                .expect("tmux is installed (.ci/run installs it)")
        };
        let pid_file = tmp.path().join("pid");
        let out = tmux(&[
            "-f",
            "/dev/null",
            "new-session",
            "-d",
            "-s",
            "t",
            "-x",
            "120",
            "-y",
            "35",
            "env -i PATH=/usr/bin:/bin TERM=xterm-256color HOME=/nonexistent bash --norc --noprofile -i",
        ]);
        assert!(out.status.success(), "{out:?}");
        let screen =
            || String::from_utf8_lossy(&tmux(&["capture-pane", "-pt", "t"]).stdout).into_owned();
        let line = format!(
            "echo $$ > '{}'; export LITREV_CONFIG_DIR='{}'; {}",
            pid_file.display(),
            config.display(),
            command
                .replace("{bin}", &format!("'{}'", env!("CARGO_BIN_EXE_litrev")))
                .replace("{review}", &format!("'{}'", review.display()))
        );
        tmux(&["send-keys", "-t", "t", "-l", &line]);
        tmux(&["send-keys", "-t", "t", "Enter"]);
        wait_for("the studies table", &screen, &|t| t.contains("75 studies"));
        tmux(&["send-keys", "-t", "t", "e"]);
        wait_for("the edit form", &screen, &|t| t.contains("Edit "));
        tmux(&["send-keys", "-t", "t", "C-u", "Kept when the pane closed"]);
        wait_for("the typed title", &screen, &|t| {
            t.contains("Kept when the pane closed")
        });
        let bash: u32 = std::fs::read_to_string(&pid_file)
            .unwrap()
            .trim()
            .parse()
            .unwrap();
        let bin = std::fs::canonicalize(env!("CARGO_BIN_EXE_litrev")).unwrap();
        let litrev = descendants(bash)
            .into_iter()
            .find(|p| std::fs::read_link(format!("/proc/{p}/exe")).is_ok_and(|e| e == bin))
            .expect("litrev runs under bash");
        tmux(&["kill-server"]);
        let start = Instant::now();
        while alive(litrev) {
            assert!(
                start.elapsed() < TIMEOUT,
                "litrev did not end after its pane closed"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        let kept = std::fs::read_to_string(review.join(".litrev-recovery.toml"))
            .unwrap_or_else(|e| panic!("try {n} of `{command}`: no recovery file ({e})"));
        assert!(
            kept.contains("Kept when the pane closed"),
            "try {n}: {kept}"
        );
        assert!(kept.contains("SIGHUP"), "try {n}: {kept}");
    }
}

#[test]
fn closing_an_interactive_bash_pane_keeps_the_form() {
    close_bash_pane("bash", "{bin} {review}", 5);
}

#[test]
fn closing_a_pane_with_litrev_under_a_job_wrapper_keeps_the_form() {
    // `sh -c` stands for any wrapper (a script, a `make` target): the
    // wrapper dies of the SIGHUP while litrev is still keeping the work.
    close_bash_pane(
        "wrapper",
        "sh -c '\"$0\" \"$1\"; echo ended' {bin} {review}",
        5,
    );
}
