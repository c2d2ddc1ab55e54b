//! Stress test of the saver, run by `scripts/stress.sh`:
//!
//! - `stress_save race DIR ROUNDS`: two processes save different versions of
//!   one study from the same base at the same instant, ROUNDS times; counts
//!   the rounds in which both reported success (an edit lost) and those in
//!   which the file does not hold the winner's text.
//! - `stress_save kill DIR ROUNDS`: a child saves one study over and over and
//!   is killed (SIGKILL) at a random moment, ROUNDS times; counts files that
//!   were torn, empty, missing or not one of the two versions, and temporary
//!   files left behind.
//!
//! DIR is created (a one-study review) and may be reused between runs.

use std::path::Path;
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use litrev::session::Session;
use litrev::store;

const ID: &str = "race-2020";

fn base_text() -> String {
    format!(
        "id = \"{ID}\"\ntitle = \"Base\"\nauthors = [\"Smith, Anna\"]\nyear = 2020\ndesign = \"rct\"\nnotes = \"{}\"\n",
        "padding ".repeat(2000)
    )
}

fn setup(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir.join("studies"))?;
    std::fs::write(
        dir.join("review.toml"),
        "format = 1\ntitle = \"Stress\"\n\n[[designs]]\nkey = \"rct\"\nlabel = \"RCTs\"\n",
    )?;
    std::fs::write(dir.join("studies").join(format!("{ID}.toml")), base_text())
}

fn now_nanos() -> u128 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0)
}

fn study_file(dir: &Path) -> std::path::PathBuf {
    dir.join("studies").join(format!("{ID}.toml"))
}

/// One saver: waits for `start`, saves `who`'s version over the base,
/// prints whether it was saved.
fn save_once(dir: &Path, who: &str, start: u128) -> ExitCode {
    let Ok(s) = Session::open(dir) else {
        return ExitCode::from(2);
    };
    let base = base_text();
    let text = base.replace("Base", who);
    while now_nanos() < start {
        std::hint::spin_loop();
    }
    let ok = store::save_study_text(s.root(), s.review(), ID, &text, Some(&base)).is_ok();
    println!("{}", if ok { "saved" } else { "refused" });
    ExitCode::SUCCESS
}

fn race(exe: &Path, dir: &Path, rounds: usize) -> ExitCode {
    let (mut lost, mut wrong) = (0, 0);
    for _ in 0..rounds {
        if setup(dir).is_err() {
            return ExitCode::from(2);
        }
        let start = now_nanos() + 200_000_000;
        let kids: Vec<_> = ["One", "Two"]
            .iter()
            .filter_map(|who| {
                Command::new(exe)
                    .args(["save", &dir.display().to_string(), who, &start.to_string()])
                    .stdout(Stdio::piped())
                    .spawn()
                    .ok()
                    .map(|c| (*who, c))
            })
            .collect();
        let mut winners = Vec::new();
        for (who, kid) in kids {
            if let Ok(out) = kid.wait_with_output()
                && String::from_utf8_lossy(&out.stdout).trim() == "saved"
            {
                winners.push(who);
            }
        }
        let disk = std::fs::read_to_string(study_file(dir)).unwrap_or_default();
        if winners.len() != 1 {
            lost += 1;
        } else if !disk.contains(&format!("title = \"{}\"", winners[0])) {
            wrong += 1;
        }
    }
    println!(
        "race: {rounds} rounds, {lost} with both saves reported (an edit lost), {wrong} with the wrong text on disk"
    );
    if lost + wrong == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// The child of `kill`: saves two versions in turn until killed.
fn save_forever(dir: &Path) -> ExitCode {
    let Ok(s) = Session::open(dir) else {
        return ExitCode::from(2);
    };
    let path = study_file(dir);
    let versions = [base_text(), base_text().replace("Base", "Other")];
    let mut i = 0;
    loop {
        let disk = std::fs::read_to_string(&path).ok();
        let _ = store::save_study_text(s.root(), s.review(), ID, &versions[i % 2], disk.as_deref());
        i += 1;
    }
}

fn kill(exe: &Path, dir: &Path, rounds: usize) -> ExitCode {
    if setup(dir).is_err() {
        return ExitCode::from(2);
    }
    let good = [base_text(), base_text().replace("Base", "Other")];
    let mut bad = 0;
    let mut seed = now_nanos() as u64 | 1;
    for _ in 0..rounds {
        let Ok(mut kid) = Command::new(exe)
            .args(["forever", &dir.display().to_string()])
            .spawn()
        else {
            return ExitCode::from(2);
        };
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        std::thread::sleep(Duration::from_millis(20 + seed % 80));
        let _ = kid.kill();
        let _ = kid.wait();
        match std::fs::read_to_string(study_file(dir)) {
            Ok(t) if good.contains(&t) => {}
            _ => bad += 1,
        }
    }
    let temps = std::fs::read_dir(dir.join("studies"))
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .filter(|e| e.file_name().to_string_lossy().starts_with(".litrev-save-"))
                .count()
        })
        .unwrap_or(0);
    println!(
        "kill: {rounds} kills during saves, {bad} torn, empty, missing or unknown files, {temps} temporary files left (listed by `litrev check`)"
    );
    if bad == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let exe = std::env::current_exe().unwrap_or_else(|_| args[0].clone().into());
    let rounds = |i: usize| args.get(i).and_then(|n| n.parse().ok()).unwrap_or(100);
    match (args.get(1).map(String::as_str), args.get(2)) {
        (Some("race"), Some(dir)) => race(&exe, Path::new(dir), rounds(3)),
        (Some("kill"), Some(dir)) => kill(&exe, Path::new(dir), rounds(3)),
        (Some("save"), Some(dir)) => {
            let who = args.get(3).map(String::as_str).unwrap_or("One");
            let start = args.get(4).and_then(|s| s.parse().ok()).unwrap_or(0);
            save_once(Path::new(dir), who, start)
        }
        (Some("forever"), Some(dir)) => save_forever(Path::new(dir)),
        _ => {
            eprintln!("usage: stress_save race|kill DIR [ROUNDS]");
            ExitCode::from(2)
        }
    }
}
