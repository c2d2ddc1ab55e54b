//! End to end: the real binary in a pseudo-terminal, read through a vt100
//! screen parser. Search, open the first hit, change its title, save, quit;
//! then only that title changed on disk.

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

/// Every file under `dir`, relative, sorted.
fn files(dir: &Path) -> Vec<PathBuf> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                out.push(p.strip_prefix(base).unwrap().to_path_buf());
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

struct Screen {
    parser: Arc<Mutex<vt100::Parser>>,
    /// Every byte the program wrote, for what the screen parser drops
    /// (a clipboard request).
    raw: Arc<Mutex<Vec<u8>>>,
}

impl Screen {
    fn text(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// Waits until the screen satisfies `ready`, or fails with the screen.
    fn wait_for(&self, what: &str, ready: impl Fn(&str) -> bool) {
        let start = Instant::now();
        loop {
            let text = self.text();
            if ready(&text) {
                return;
            }
            if start.elapsed() > TIMEOUT {
                panic!("timed out waiting for {what}; the screen shows:\n{text}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

/// The real binary running in a pseudo-terminal of 120×35.
struct Session {
    screen: Screen,
    keys: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    /// Kept open while the program runs.
    _master: Box<dyn portable_pty::MasterPty + Send>,
}

impl Session {
    fn send(&mut self, s: &str) {
        self.keys.write_all(s.as_bytes()).unwrap();
        self.keys.flush().unwrap();
    }

    /// Waits for the program to end and returns its status.
    fn wait(&mut self) -> portable_pty::ExitStatus {
        let start = Instant::now();
        loop {
            if let Some(st) = self.child.try_wait().unwrap() {
                return st;
            }
            if start.elapsed() > TIMEOUT {
                let _ = self.child.kill();
                panic!(
                    "litrev did not quit; the screen shows:\n{}",
                    self.screen.text()
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

/// Starts `litrev ARGS` in `cwd`, with its configuration in `config` and
/// the extra environment `env`.
fn spawn(
    args: &[&std::ffi::OsStr],
    cwd: &Path,
    config: &Path,
    env: &[(&str, &std::ffi::OsStr)],
) -> Session {
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
    cmd.args(args);
    cmd.cwd(cwd);
    cmd.env("TERM", "xterm-256color");
    cmd.env("LITREV_CONFIG_DIR", config);
    cmd.env_remove("NO_COLOR");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let child = pair.slave.spawn_command(cmd).unwrap();
    drop(pair.slave);

    let parser = Arc::new(Mutex::new(vt100::Parser::new(35, 120, 0)));
    let raw = Arc::new(Mutex::new(Vec::new()));
    let mut reader = pair.master.try_clone_reader().unwrap();
    {
        let parser = Arc::clone(&parser);
        let raw = Arc::clone(&raw);
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                raw.lock().unwrap().extend_from_slice(&buf[..n]);
                parser.lock().unwrap().process(&buf[..n]);
            }
        });
    }
    let keys = pair.master.take_writer().unwrap();
    Session {
        screen: Screen { parser, raw },
        keys,
        child,
        _master: pair.master,
    }
}

/// Standard base64, as the clipboard request carries it.
fn base64_decode(s: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    let (mut acc, mut bits) = (0u32, 0);
    for c in s.bytes().filter(|&c| c != b'=') {
        let v = ALPHABET
            .iter()
            .position(|&a| a == c)
            .expect("a base64 digit") as u32;
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}

/// A copy of the bundled example in a temporary folder: (the folder, the
/// review in it, an empty configuration folder).
fn example_review() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/example");
    let tmp = tempfile::tempdir().unwrap();
    let review = tmp.path().join("review");
    copy_dir(&example, &review);
    let config = tmp.path().join("config");
    std::fs::create_dir_all(&config).unwrap();
    (tmp, review, config)
}

#[test]
fn the_copy_key_in_the_tally_puts_the_sentence_on_the_clipboard() {
    let (tmp, review, config) = example_review();

    let mut s = spawn(&[review.as_os_str()], tmp.path(), &config, &[]);
    s.screen
        .wait_for("the studies table", |t| t.contains("75 studies"));
    s.send("t");
    s.screen
        .wait_for("the tally", |t| t.contains("Sentence (y copies)"));
    s.send("y");
    s.screen
        .wait_for("the copy message", |t| t.contains("sentence copied"));
    s.send("t");
    s.screen
        .wait_for("the table again", |t| t.contains("/ search"));
    s.send("q");
    let status = s.wait();
    assert!(status.success(), "exit status {status:?}");
    let screen = &s.screen;

    // OSC 52: ESC ] 52 ; c ; base64 (ESC \ or BEL).
    let raw = String::from_utf8_lossy(&screen.raw.lock().unwrap()).into_owned();
    let start = raw
        .find("\x1b]52;c;")
        .expect("a clipboard request in the output")
        + "\x1b]52;c;".len();
    let end = raw[start..]
        .find(['\x1b', '\x07'])
        .expect("the end of the clipboard request")
        + start;
    let text = String::from_utf8(base64_decode(&raw[start..end])).unwrap();
    assert!(
        text.starts_with("Twenty-two of the 75 included studies comprised qualitative"),
        "{text}"
    );
    assert!(text.ends_with("narrative review (n=1) [109]."), "{text}");
}

#[test]
fn search_edit_title_save_quit_changes_only_that_title() {
    let (tmp, review, config) = example_review();

    // The first hit for "allianc", as the library ranks it.
    let loaded = litrev::store::load(&review).unwrap();
    let index = litrev::search::SearchIndex::new(loaded.studies());
    let first = &loaded.studies[index.search("allianc")[0].index].study;
    let id = first.id.clone();
    let before: Vec<(PathBuf, Vec<u8>)> = files(&review)
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(review.join(&f)).unwrap();
            (f, bytes)
        })
        .collect();

    let mut session = spawn(&[review.as_os_str()], tmp.path(), &config, &[]);
    session
        .screen
        .wait_for("the studies table", |s| s.contains("75 studies"));
    session.send("/");
    session
        .screen
        .wait_for("the search box", |s| s.contains("search:"));
    session.send("allianc");
    session.screen.wait_for("the search results", |s| {
        s.contains("search: allianc") && s.contains("of 75 shown")
    });
    session.send("\r");
    session
        .screen
        .wait_for("the table again", |s| s.contains("/ search"));
    assert!(
        session
            .screen
            .text()
            .contains(&format!(" {id} · studies/{id}.toml"))
    );
    session.send("e");
    session
        .screen
        .wait_for("the edit form", |s| s.contains(&format!("Edit {id}")));
    // Ctrl-u clears the title; type a new one; Ctrl-s saves (Enter only
    // moves to the next field).
    session.send("\x15");
    session.send("Edited through a pseudo-terminal");
    session.screen.wait_for("the new title in the form", |s| {
        s.contains("Edited through a pseudo-terminal")
    });
    session.send("\x13");
    session.screen.wait_for("the save message", |s| {
        s.contains(&format!("saved studies/{id}.toml"))
    });
    session.send("q");

    let status = session.wait();
    assert!(status.success(), "exit status {status:?}");

    // Only the title line of that one file changed; nothing else, no stray files.
    let after = files(&review);
    assert_eq!(
        after,
        before.iter().map(|(f, _)| f.clone()).collect::<Vec<_>>()
    );
    let target = PathBuf::from("studies").join(format!("{id}.toml"));
    for (f, old) in &before {
        let new = std::fs::read(review.join(f)).unwrap();
        if *f == target {
            let old = String::from_utf8(old.clone()).unwrap();
            let old_line = old
                .lines()
                .find(|l| l.starts_with("title = "))
                .unwrap()
                .to_string();
            let expected =
                old.replacen(&old_line, "title = \"Edited through a pseudo-terminal\"", 1);
            assert_eq!(String::from_utf8(new).unwrap(), expected);
        } else {
            assert_eq!(&new, old, "{} changed", f.display());
        }
    }
}

/// The entries of `dir`, sorted.
fn entries(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    v.sort();
    v
}

#[test]
fn inside_a_review_the_interface_opens_that_review() {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/example");
    let tmp = tempfile::tempdir().unwrap();
    let review = tmp.path().join("review");
    copy_dir(&example, &review);
    let config = tmp.path().join("config");
    let scratch = tmp.path().join("tmp");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::create_dir_all(&scratch).unwrap();

    let mut session = spawn(
        &[],
        &review.join("studies"),
        &config,
        &[("TMPDIR", scratch.as_os_str())],
    );
    session
        .screen
        .wait_for("the studies table", |s| s.contains("75 studies"));
    assert!(!session.screen.text().contains("scratch"));
    session.send("q");
    assert!(session.wait().success());
    assert!(entries(&scratch).is_empty(), "no scratch copy was made");
}

#[test]
fn the_example_scratch_copy_is_announced_and_removed_unless_changed() {
    let tmp = tempfile::tempdir().unwrap();
    let config = tmp.path().join("config");
    let scratch = tmp.path().join("tmp");
    let empty = tmp.path().join("empty");
    for d in [&config, &scratch, &empty] {
        std::fs::create_dir_all(d).unwrap();
    }
    let env = [("TMPDIR", scratch.as_os_str())];

    // Unchanged: removed on exit.
    let mut session = spawn(&[], &empty, &config, &env);
    session.screen.wait_for("the studies table", |s| {
        s.contains("75 studies") && s.contains("scratch copy")
    });
    assert_eq!(entries(&scratch).len(), 1, "one scratch copy while it runs");
    session.send("q");
    assert!(session.wait().success());
    let after = session.screen.text();
    assert!(
        after.contains("no review.toml in the current folder or any folder above it"),
        "{after}"
    );
    assert!(after.contains("bundled example review"), "{after}");
    assert!(entries(&scratch).is_empty(), "removed: {after}");

    // Changed: kept, and where it is said.
    let mut session = spawn(&[], &empty, &config, &env);
    session
        .screen
        .wait_for("the studies table", |s| s.contains("75 studies"));
    session.send("e");
    session
        .screen
        .wait_for("the edit form", |s| s.contains("Edit "));
    session.send("\x15");
    session.send("Changed in the scratch copy");
    session.send("\x13");
    session
        .screen
        .wait_for("the save message", |s| s.contains("saved studies/"));
    session.send("q");
    assert!(session.wait().success());
    let kept = entries(&scratch);
    assert_eq!(kept.len(), 1, "the changed copy is kept");
    let after = session.screen.text();
    let dir = kept[0].display().to_string();
    // The path may wrap on the 120-column screen.
    let joined: String = after.lines().collect();
    assert!(joined.contains(&dir), "{after}");
    assert!(after.contains("kept"), "{after}");
}

/// Sends `signal` ("TERM", "HUP") to the program.
fn signal(s: &Session, signal: &str) {
    let pid = s.child.process_id().expect("the program's pid");
    let ok = std::process::Command::new("kill")
        .arg(format!("-{signal}"))
        .arg(pid.to_string())
        .status()
        .unwrap()
        .success();
    assert!(ok, "kill -{signal} {pid}");
}

/// Opens the first study's form, types a new title, and stops litrev with
/// `sig` before saving; checks the terminal is given back. Returns the id.
fn edit_then_signal(review: &Path, tmp: &Path, config: &Path, sig: &str, code: u32) -> String {
    let loaded = litrev::store::load(review).unwrap();
    let id = loaded.studies[0].study.id.clone();
    let mut s = spawn(&[review.as_os_str()], tmp, config, &[]);
    s.screen
        .wait_for("the studies table", |t| t.contains("75 studies"));
    s.send("e");
    s.screen
        .wait_for("the edit form", |t| t.contains(&format!("Edit {id}")));
    s.send("\x15");
    s.send("Kept through a signal");
    s.screen
        .wait_for("the new title", |t| t.contains("Kept through a signal"));
    {
        let p = s.screen.parser.lock().unwrap();
        assert!(p.screen().alternate_screen(), "the interface is on");
        assert_ne!(
            p.screen().mouse_protocol_mode(),
            vt100::MouseProtocolMode::None
        );
    }
    signal(&s, sig);
    let status = s.wait();
    assert_eq!(status.exit_code(), code, "{status:?}");
    // Let the reader thread take the last bytes.
    std::thread::sleep(Duration::from_millis(300));
    let p = s.screen.parser.lock().unwrap();
    assert!(!p.screen().alternate_screen(), "back on the main screen");
    assert_eq!(
        p.screen().mouse_protocol_mode(),
        vt100::MouseProtocolMode::None,
        "mouse reporting off"
    );
    id
}

#[test]
fn sigterm_gives_the_terminal_back_and_the_next_start_restores_the_form() {
    let (tmp, review, config) = example_review();
    let file = review.join("studies");
    let before = std::fs::read_dir(&file).unwrap().count();

    let id = edit_then_signal(&review, tmp.path(), &config, "TERM", 143);
    let study = file.join(format!("{id}.toml"));
    let old = std::fs::read_to_string(&study).unwrap();
    assert!(!old.contains("Kept through a signal"), "nothing was saved");
    let kept = std::fs::read_to_string(review.join(".litrev-recovery.toml")).unwrap();
    assert!(kept.contains("Kept through a signal"), "{kept}");
    assert!(kept.contains("signal = \"SIGTERM\""), "{kept}");
    assert_eq!(std::fs::read_dir(&file).unwrap().count(), before);

    // The next start offers it back; restoring makes it an unsaved change
    // that the save key writes.
    let mut s = spawn(&[review.as_os_str()], tmp.path(), &config, &[]);
    // The whole dialog, not a frame half drawn (under load the terminal
    // may be read between two writes).
    s.screen.wait_for("the recovery offer", |t| {
        t.contains("Unsaved edits")
            && t.contains("SIGTERM")
            && t.contains(&id)
            && ["restore", "discard", "later"]
                .iter()
                .all(|a| t.contains(a))
    });
    let offer = s.screen.text();
    for answer in ["restore", "discard", "later"] {
        assert!(offer.contains(answer), "{offer}");
    }
    s.send("y");
    s.screen.wait_for("the restore message", |t| {
        t.contains("restored 1 unsaved study")
    });
    assert!(s.screen.text().contains("Kept through a signal"));
    assert!(!review.join(".litrev-recovery.toml").exists());
    s.send("\x13");
    s.screen.wait_for("the save message", |t| {
        t.contains(&format!("saved studies/{id}.toml"))
    });
    s.send("q");
    assert!(s.wait().success());
    let new = std::fs::read_to_string(&study).unwrap();
    let old_line = old.lines().find(|l| l.starts_with("title = ")).unwrap();
    assert_eq!(
        new,
        old.replacen(old_line, "title = \"Kept through a signal\"", 1)
    );
}

#[test]
fn sighup_keeps_the_form_and_later_leaves_it_for_the_next_start() {
    let (tmp, review, config) = example_review();

    let id = edit_then_signal(&review, tmp.path(), &config, "HUP", 129);
    let recovery = review.join(".litrev-recovery.toml");
    assert!(
        std::fs::read_to_string(&recovery)
            .unwrap()
            .contains("SIGHUP")
    );

    // "Later" keeps the file; "discard" on the next start removes it and
    // leaves the study as it was.
    let study = std::fs::read(review.join("studies").join(format!("{id}.toml"))).unwrap();
    for (answer, stays) in [("n", true), ("d", false)] {
        let mut s = spawn(&[review.as_os_str()], tmp.path(), &config, &[]);
        s.screen
            .wait_for("the recovery offer", |t| t.contains("Unsaved edits"));
        s.send(answer);
        s.screen
            .wait_for("the table", |t| !t.contains("Unsaved edits"));
        s.send("q");
        assert!(s.wait().success());
        assert_eq!(recovery.exists(), stays, "after {answer}");
    }
    assert_eq!(
        std::fs::read(review.join("studies").join(format!("{id}.toml"))).unwrap(),
        study
    );
}

#[test]
fn sigint_from_kill_is_handled_like_sigterm() {
    let (tmp, review, config) = example_review();
    edit_then_signal(&review, tmp.path(), &config, "INT", 130);
    let kept = std::fs::read_to_string(review.join(".litrev-recovery.toml")).unwrap();
    assert!(kept.contains("signal = \"SIGINT\""), "{kept}");
    assert!(kept.contains("Kept through a signal"), "{kept}");
}

/// A closed terminal window: the terminal goes away under litrev (the
/// kernel sends SIGHUP and the terminal reads as hung up). Reading a hung-up
/// terminal can spin inside crossterm without returning to the event loop;
/// litrev must still end, keep the form's text in the recovery file, and
/// not spin on. tmux closes its pane's terminal on `kill-session` as a
/// terminal window does (`.ci/run` installs tmux).
#[test]
fn a_closed_terminal_ends_litrev_and_keeps_the_form() {
    let (tmp, review, config) = example_review();
    let socket = format!("litrev-test-{}", std::process::id());
    let tmux = |args: &[&str]| {
        std::process::Command::new("tmux")
            .arg("-L")
            .arg(&socket)
            .args(args)
            .output()
            .expect("tmux is installed (.ci/run installs it)")
    };
    let pid_file = tmp.path().join("pid");
    let command = format!(
        "echo $$ > '{}'; LITREV_CONFIG_DIR='{}' exec '{}' '{}'",
        pid_file.display(),
        config.display(),
        env!("CARGO_BIN_EXE_litrev"),
        review.display()
    );
    let out = tmux(&[
        "new-session",
        "-d",
        "-s",
        "t",
        "-x",
        "120",
        "-y",
        "35",
        &command,
    ]);
    assert!(out.status.success(), "{out:?}");
    let screen =
        || String::from_utf8_lossy(&tmux(&["capture-pane", "-pt", "t"]).stdout).into_owned();
    let wait_for = |what: &str, ready: &dyn Fn(&str) -> bool| {
        let start = Instant::now();
        while !ready(&screen()) {
            assert!(
                start.elapsed() < TIMEOUT,
                "timed out waiting for {what}:\n{}",
                screen()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    };
    wait_for("the studies table", &|t| t.contains("75 studies"));
    tmux(&["send-keys", "-t", "t", "e"]);
    wait_for("the edit form", &|t| t.contains("Edit "));
    tmux(&["send-keys", "-t", "t", "C-u", "Kept when the window closed"]);
    wait_for("the typed title", &|t| {
        t.contains("Kept when the window closed")
    });
    let pid = std::fs::read_to_string(&pid_file)
        .unwrap()
        .trim()
        .to_string();
    tmux(&["kill-server"]);
    let start = Instant::now();
    // The process is gone (or a zombie nobody has reaped yet).
    let alive = || {
        std::fs::read_to_string(format!("/proc/{pid}/stat"))
            .is_ok_and(|s| !s.split(") ").nth(1).is_some_and(|r| r.starts_with('Z')))
    };
    while alive() {
        assert!(
            start.elapsed() < TIMEOUT,
            "litrev did not end after its terminal closed"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let kept = std::fs::read_to_string(review.join(".litrev-recovery.toml")).unwrap();
    assert!(kept.contains("Kept when the window closed"), "{kept}");
    assert!(kept.contains("SIGHUP"), "{kept}");
}

#[test]
fn screening_two_records_in_the_real_binary_writes_the_decisions_file() {
    let tmp = tempfile::tempdir().unwrap();
    let review = tmp.path().join("review");
    std::fs::create_dir_all(review.join("studies")).unwrap();
    std::fs::write(
        review.join("review.toml"),
        "format = 1\ntitle = \"Alliance\"\n\n[screening]\nreviewers = [\"AB\", \"MU\"]\ninclude_terms = [\"alliance\"]\n",
    )
    .unwrap();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/screening");
    for (f, db) in [("medline.nbib", "MEDLINE"), ("embase.ris", "Embase")] {
        litrev::screening::add::add(
            &review,
            &fixtures.join(f),
            &litrev::screening::add::Request {
                database: db,
                date: "2026-11-02",
                query: None,
                register: false,
            },
        )
        .unwrap();
    }
    let config = tmp.path().join("config");
    std::fs::create_dir_all(&config).unwrap();

    let args: Vec<&std::ffi::OsStr> = vec![
        "screen".as_ref(),
        review.as_os_str(),
        "--reviewer".as_ref(),
        "AB".as_ref(),
        "--order".as_ref(),
        "file".as_ref(),
    ];
    let mut s = spawn(&args, tmp.path(), &config, &[]);
    s.screen.wait_for("the first record", |t| {
        t.contains("record 1 of 14") && t.contains("Therapeutic alliance and outcomes")
    });
    s.send("i");
    s.screen
        .wait_for("the second record", |t| t.contains("record 2 of 14"));
    s.send("x");
    s.screen.wait_for("the progress line", |t| {
        t.contains("2 of 14 screened · 1 included · 0 maybe")
    });
    s.send("q");
    let status = s.wait();
    assert!(status.success(), "exit status {status:?}");
    let file = std::fs::read_to_string(review.join("screening/AB.tsv")).unwrap();
    let lines: Vec<&str> = file.lines().collect();
    assert_eq!(lines.len(), 3, "{file}");
    assert_eq!(lines[0], "key\tstage\tdecision\treason\tnote\ttime");
    assert!(
        file.contains("doi:10.5555/lbp.2019.001\ttitle-abstract\tinclude\t"),
        "{file}"
    );
    assert!(
        file.contains("doi:10.5555/lbp.2021.002\ttitle-abstract\texclude\t"),
        "{file}"
    );
}

#[test]
fn screening_ranked_in_the_real_binary_shows_the_new_ranking_without_a_key() {
    let tmp = tempfile::tempdir().unwrap();
    let review = tmp.path().join("review");
    std::fs::create_dir_all(review.join("studies")).unwrap();
    std::fs::write(
        review.join("review.toml"),
        "format = 1\ntitle = \"Alliance\"\n\n[screening]\nreviewers = [\"AB\", \"MU\"]\n",
    )
    .unwrap();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/screening");
    litrev::screening::add::add(
        &review,
        &fixtures.join("medline.nbib"),
        &litrev::screening::add::Request {
            database: "MEDLINE",
            date: "2026-11-02",
            query: None,
            register: false,
        },
    )
    .unwrap();
    let config = tmp.path().join("config");
    std::fs::create_dir_all(&config).unwrap();
    let args: Vec<&std::ffi::OsStr> = vec![
        "screen".as_ref(),
        review.as_os_str(),
        "--reviewer".as_ref(),
        "AB".as_ref(),
    ];
    let mut s = spawn(&args, tmp.path(), &config, &[]);
    s.screen.wait_for("ranked order before the model", |t| {
        t.contains("ranked: random until you include one and exclude one")
    });
    s.send("i");
    s.screen
        .wait_for("the second record", |t| t.contains("1 of 10 screened"));
    s.send("x");
    // The model retrains on its own thread; its ranking is drawn without
    // another key.
    s.screen.wait_for("the model's ranking", |t| {
        t.contains("ranked: retrained just now on 2 decisions")
    });
    s.send("q");
    let status = s.wait();
    assert!(status.success(), "exit status {status:?}");
}
