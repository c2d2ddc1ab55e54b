//! Stress test of working beside co-authors, run by `scripts/stress.sh`:
//!
//! - `stress_follow merge DIR ROUNDS`: the interface (in this process)
//!   edits a study's title while a co-author (another process) saves
//!   random changes to the same study: its year, a tag, an appraisal, a
//!   comment, sometimes the title too. The interface's save then meets the
//!   changed-on-disk question and answers at random: merge both (taking a
//!   random side of any value both changed), or keep mine (pressed twice if
//!   it warns). Counts the rounds where a change of the co-author's is not
//!   on disk although the user never chose to drop it, and the rounds where
//!   "keep mine" dropped one without a warning first.
//! - `stress_follow follow LITREV DIR ROUNDS`: litrev runs in a
//!   pseudo-terminal on a git repository while `git merge`, in another
//!   process, brings in a branch that retitles three studies; measures how
//!   long after the merge the table shows them, with no key pressed.
//! - `stress_follow cowrite DIR SEED`: the co-author of `merge`.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use litrev::session::{Outcome, Session};
use litrev::tui::app::Dialog;
use litrev::tui::{Action, App, Keymap, update};

const ID: &str = "smith-2019";

const STUDY: &str = r#"# Screened by AB.
id = "smith-2019"
ref = 2
title = "A plain title"
authors = ["Smith, John"]
year = 2019
design = "rct"
tags = ["alliance"]

[extraction]
country = "Denmark"

[[appraisals]]
instrument = "rob2"
reviewer = "consensus"
answers = { d1 = "low", d2 = "low", d3 = "low", d4 = "low", d5 = "low" }
"#;

fn setup(dir: &Path) -> std::io::Result<()> {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir.join("studies"))?;
    std::fs::write(
        dir.join("review.toml"),
        "format = 1\ntitle = \"Stress\"\n\n[[designs]]\nkey = \"rct\"\nlabel = \"RCTs\"\ninstrument = \"rob2\"\n\n[fields.country]\nlabel = \"Country\"\nkind = \"text\"\n",
    )?;
    std::fs::write(study_file(dir), STUDY)
}

fn study_file(dir: &Path) -> PathBuf {
    dir.join("studies").join(format!("{ID}.toml"))
}

/// A small random number generator (xorshift), seeded per round.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

/// What the co-author changed, as text that must stay on disk unless the
/// user chose to drop it.
const MARKS: [&str; 5] = [
    "year = 2021",
    "\"co-author tag\"",
    "reviewer = \"BK\"",
    "# co-author's note",
    "title = \"Theirs\"",
];

/// The co-author: opens its own session and saves up to four random
/// changes; prints the marks of what it changed.
fn cowrite(dir: &Path, seed: u64) -> ExitCode {
    let Ok(mut s) = Session::open(dir) else {
        return ExitCode::from(2);
    };
    let mut rng = Rng(seed | 1);
    let Some(mut study) = s.entry(ID).map(|e| e.study.clone()) else {
        return ExitCode::from(2);
    };
    let mut made = Vec::new();
    for (i, _) in MARKS.iter().enumerate() {
        if rng.below(2) == 0 {
            continue;
        }
        match i {
            0 => study.year = Some(2021),
            1 => study.tags.push("co-author tag".into()),
            2 => {
                let mut a = study.appraisals[0].clone();
                a.reviewer = "BK".into();
                study.appraisals.push(a);
            }
            3 => {}
            _ => study.title = "Theirs".into(),
        }
        made.push(i);
    }
    if let Some(b) = s.edit(study)
        && !matches!(s.apply(b), Outcome::Done { .. })
    {
        return ExitCode::from(2);
    }
    if made.contains(&3) {
        // A comment, by hand in an editor.
        let path = study_file(dir);
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let _ = std::fs::write(
            &path,
            text.replacen("design = ", "# co-author's note\ndesign = ", 1),
        );
    }
    println!(
        "{}",
        made.iter()
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join(",")
    );
    ExitCode::SUCCESS
}

fn merge(exe: &Path, dir: &Path, rounds: usize) -> ExitCode {
    let (mut lost, mut unwarned, mut merged, mut kept, mut chosen_theirs) = (0, 0, 0, 0, 0);
    let mut seed = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(7)
        | 1;
    for _ in 0..rounds {
        if setup(dir).is_err() {
            return ExitCode::from(2);
        }
        let Ok(loaded) = litrev::store::load_fingerprinted(dir) else {
            return ExitCode::from(2);
        };
        let mut app = App::new(loaded, false, Keymap::defaults());
        update(&mut app, Action::Resize(120, 35));
        // The user starts editing the title.
        update(&mut app, Action::Edit);
        update(
            &mut app,
            Action::Text(litrev::tui::action::TextEdit::ClearToStart),
        );
        for c in "Mine".chars() {
            update(&mut app, Action::Insert(c));
        }
        // Meanwhile the co-author saves.
        let mut rng = Rng(seed);
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407)
            | 1;
        let Ok(out) = Command::new(exe)
            .args([
                "cowrite",
                &dir.display().to_string(),
                &rng.below(u64::MAX).to_string(),
            ])
            .output()
        else {
            return ExitCode::from(2);
        };
        let made: Vec<usize> = String::from_utf8_lossy(&out.stdout)
            .trim()
            .split(',')
            .filter_map(|s| s.parse().ok())
            .collect();
        update(&mut app, Action::Submit);
        let mut dropped_by_choice = false;
        let mut took_theirs_title = false;
        if matches!(app.dialog(), Some(Dialog::Conflict { .. })) {
            if rng.below(4) == 0 {
                kept += 1;
                update(&mut app, Action::KeepMine);
                let warned = matches!(app.dialog(), Some(Dialog::Conflict { warned: true, .. }));
                if warned {
                    update(&mut app, Action::KeepMine);
                    dropped_by_choice = true;
                }
                // Comments are not data: keep mine writes mine over them
                // without a word (the question says the file changed).
                let data_changed = made.iter().any(|&i| i != 3);
                if data_changed && !warned {
                    unwarned += 1;
                }
            } else {
                merged += 1;
                update(&mut app, Action::Merge);
                if let Some(Dialog::MergeChoice(m)) = app.dialog() {
                    let n = m.rows.len();
                    for _ in 0..n {
                        if rng.below(2) == 0 {
                            update(&mut app, Action::Right);
                            took_theirs_title = true;
                        }
                        update(&mut app, Action::Down);
                    }
                    chosen_theirs += usize::from(took_theirs_title);
                    update(&mut app, Action::Confirm);
                }
            }
        }
        let disk = std::fs::read_to_string(study_file(dir)).unwrap_or_default();
        for &i in &made {
            // The title both changed: one side, as chosen.
            if i == 4 && !took_theirs_title {
                continue;
            }
            if !disk.contains(MARKS[i]) && !dropped_by_choice {
                lost += 1;
                eprintln!("lost {} (made {made:?}):\n{disk}", MARKS[i]);
            }
        }
        let mine_wanted = !took_theirs_title;
        if mine_wanted && !disk.contains("title = \"Mine\"") {
            lost += 1;
            eprintln!("lost the user's title:\n{disk}");
        }
    }
    println!(
        "co-authors: {rounds} rounds ({merged} merged both, {kept} kept mine, {chosen_theirs} took theirs for a value both changed): {lost} changes lost without the user choosing it, {unwarned} keep-mine drops without a warning"
    );
    if lost + unwarned == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn git(dir: &Path, args: &[&str]) -> bool {
    Command::new("git")
        .current_dir(dir)
        .args([
            "-c",
            "user.name=Stress",
            "-c",
            "user.email=stress@example.org",
        ])
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success())
}

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for e in std::fs::read_dir(from)? {
        let e = e?;
        let dest = to.join(e.file_name());
        if e.file_type()?.is_dir() {
            copy_dir(&e.path(), &dest)?;
        } else {
            std::fs::copy(e.path(), dest)?;
        }
    }
    Ok(())
}

fn retitle(review: &Path, id: &str, title: &str) {
    let p = review.join("studies").join(format!("{id}.toml"));
    let text = std::fs::read_to_string(&p).unwrap_or_default();
    if let Some(old) = text.lines().find(|l| l.starts_with("title = ")) {
        let new = text.replacen(old, &format!("title = \"{title}\""), 1);
        let _ = std::fs::write(&p, new);
    }
}

fn follow(litrev: &Path, dir: &Path, rounds: usize) -> ExitCode {
    use portable_pty::{CommandBuilder, PtySize, native_pty_system};
    use std::io::Read;
    use std::sync::{Arc, Mutex};
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/example");
    let mut times = Vec::new();
    let mut missed = 0;
    for round in 0..rounds {
        let review = dir.join(format!("r{round}"));
        let _ = std::fs::remove_dir_all(&review);
        if copy_dir(&example, &review).is_err()
            || !git(&review, &["init", "--quiet"])
            || !git(&review, &["add", "-A"])
            || !git(&review, &["commit", "--quiet", "-m", "base"])
            || !git(&review, &["checkout", "--quiet", "-b", "ben"])
        {
            return ExitCode::from(2);
        }
        for (id, t) in [
            ("adams-2022", "Merged one"),
            ("andersen-2015", "Merged two"),
            ("taylor-2020", "Merged three"),
        ] {
            retitle(&review, id, t);
        }
        if !git(&review, &["commit", "--quiet", "-am", "ben"])
            || !git(&review, &["checkout", "--quiet", "main"])
        {
            return ExitCode::from(2);
        }
        let Ok(pair) = native_pty_system().openpty(PtySize {
            rows: 35,
            cols: 120,
            pixel_width: 0,
            pixel_height: 0,
        }) else {
            return ExitCode::from(2);
        };
        let mut cmd = CommandBuilder::new(litrev);
        cmd.arg(&review);
        cmd.env("TERM", "xterm-256color");
        cmd.env("LITREV_CONFIG_DIR", dir);
        let Ok(mut child) = pair.slave.spawn_command(cmd) else {
            return ExitCode::from(2);
        };
        let parser = Arc::new(Mutex::new(vt100::Parser::new(35, 120, 0)));
        if let Ok(mut reader) = pair.master.try_clone_reader() {
            let parser = Arc::clone(&parser);
            std::thread::spawn(move || {
                let mut buf = [0u8; 8192];
                while let Ok(n) = reader.read(&mut buf) {
                    if n == 0 {
                        break;
                    }
                    if let Ok(mut p) = parser.lock() {
                        p.process(&buf[..n]);
                    }
                }
            });
        }
        let screen = || {
            parser
                .lock()
                .map(|p| p.screen().contents())
                .unwrap_or_default()
        };
        let wait = |what: &dyn Fn(&str) -> bool, limit: Duration| {
            let start = Instant::now();
            while start.elapsed() < limit {
                if what(&screen()) {
                    return Some(start.elapsed());
                }
                std::thread::sleep(Duration::from_millis(5));
            }
            None
        };
        if wait(&|s| s.contains("75 studies"), Duration::from_secs(60)).is_none() {
            return ExitCode::from(2);
        }
        if !git(&review, &["merge", "--no-edit", "ben"]) {
            return ExitCode::from(2);
        }
        match wait(
            &|s| s.contains("3 studies changed on disk"),
            Duration::from_secs(10),
        ) {
            Some(t) => times.push(t),
            None => missed += 1,
        }
        let _ = child.kill();
        let _ = child.wait();
    }
    times.sort();
    let ms = |d: &Duration| d.as_secs_f64() * 1000.0;
    let (min, med, max) = match (times.first(), times.get(times.len() / 2), times.last()) {
        (Some(a), Some(b), Some(c)) => (ms(a), ms(b), ms(c)),
        _ => (0.0, 0.0, 0.0),
    };
    println!(
        "follow: {rounds} git merges under a running interface, shown without a key after {min:.0} ms (min), {med:.0} ms (median), {max:.0} ms (max) from the end of the merge; {missed} not shown within 10 s"
    );
    if missed == 0 && max < 1000.0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let exe = std::env::current_exe().unwrap_or_else(|_| PathBuf::from(&args[0]));
    let n = |s: Option<&String>| s.and_then(|s| s.parse().ok()).unwrap_or(0);
    match args.get(1).map(String::as_str) {
        Some("merge") if args.len() >= 4 => merge(&exe, Path::new(&args[2]), n(args.get(3))),
        Some("cowrite") if args.len() >= 4 => cowrite(Path::new(&args[2]), n(args.get(3)) as u64),
        Some("follow") if args.len() >= 5 => {
            follow(Path::new(&args[2]), Path::new(&args[3]), n(args.get(4)))
        }
        _ => {
            eprintln!(
                "usage: stress_follow merge DIR ROUNDS | follow LITREV DIR ROUNDS | cowrite DIR SEED"
            );
            ExitCode::from(2)
        }
    }
}
