//! Synthetic reviews of any size, for benchmarks and load tests.

use std::fmt::Write as _;
use std::io;
use std::path::Path;

use crate::store::scaffold::default_review_toml;
use crate::store::{REVIEW_FILE, STUDIES_DIR};

const WORDS: [&str; 24] = [
    "alliance",
    "therapeutic",
    "physiotherapy",
    "low",
    "back",
    "pain",
    "patient",
    "clinician",
    "communication",
    "trust",
    "empathy",
    "expectations",
    "outcomes",
    "randomised",
    "trial",
    "cohort",
    "qualitative",
    "interview",
    "focus",
    "group",
    "systematic",
    "review",
    "chronic",
    "care",
];
const NAMES: [&str; 12] = [
    "Müller",
    "Søderstrøm",
    "Smith",
    "Ó Súilleabháin",
    "Núñez",
    "Björklund",
    "Chen",
    "Gómez",
    "Ødegaard",
    "Okafor",
    "Tanaka",
    "François",
];
const DESIGNS: [&str; 8] = [
    "qualitative/patient",
    "qualitative/clinician",
    "quantitative/cohort",
    "rct",
    "systematic-review",
    "mixed-methods",
    "case-report",
    "commentary",
];
const TAGS: [&str; 6] = [
    "trust",
    "communication",
    "empathy",
    "clinician confidence",
    "outcomes",
    "expectations",
];

/// A small deterministic pseudo-random sequence (no dependency needed).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

/// The text of synthetic study number `i` (deterministic).
pub fn study_text(i: usize) -> String {
    let mut r = Lcg(i as u64 * 7919 + 17);
    let title: Vec<&str> = (0..8 + r.next(6))
        .map(|_| WORDS[r.next(WORDS.len())])
        .collect();
    let mut s = String::new();
    let _ = writeln!(s, "id = \"study-{i:06}\"");
    let _ = writeln!(s, "ref = {}", i + 1);
    let _ = writeln!(s, "title = \"{}\"", title.join(" "));
    let authors: Vec<String> = (0..1 + r.next(4))
        .map(|_| {
            format!(
                "\"{}, {}\"",
                NAMES[r.next(NAMES.len())],
                ["Anna", "Siri", "John", "Mei"][r.next(4)]
            )
        })
        .collect();
    let _ = writeln!(s, "authors = [{}]", authors.join(", "));
    let _ = writeln!(s, "year = {}", 1995 + r.next(30));
    let _ = writeln!(
        s,
        "journal = \"Journal of {} Research\"",
        WORDS[r.next(WORDS.len())]
    );
    let _ = writeln!(s, "design = \"{}\"", DESIGNS[r.next(DESIGNS.len())]);
    let _ = writeln!(
        s,
        "tags = [\"{}\", \"{}\"]",
        TAGS[r.next(TAGS.len())],
        TAGS[r.next(TAGS.len())]
    );
    if r.next(3) == 0 {
        let notes: Vec<&str> = (0..20).map(|_| WORDS[r.next(WORDS.len())]).collect();
        let _ = writeln!(s, "notes = \"{}\"", notes.join(" "));
    }
    let _ = writeln!(
        s,
        "\n[extraction]\ncountry = \"Norway\"\nsample_size = {}",
        10 + r.next(500)
    );
    s
}

/// The text of synthetic study number `i` with two RoB 2 appraisals, by
/// reviewers "AB" and "CD" (who agree on four answers in five), as a
/// finished review holds them: written by litrev's own saver, so in the
/// very form litrev writes. Now and then an appraisal has a recorded
/// overall, a comment (on several lines, or with quotes) or notes on its
/// answers.
pub fn study_text_appraised(i: usize) -> String {
    use crate::appraisal::{Answer, Appraisal};
    with_appraisals(i, |study| {
        let mut r = Lcg(i as u64 * 104_729 + 3);
        const RISK: [&str; 4] = ["low", "some-concerns", "high", "no-info"];
        let first: Vec<&str> = (0..5).map(|_| RISK[r.next(3)]).collect();
        for (k, reviewer) in ["AB", "CD"].into_iter().enumerate() {
            let answers = (0..5)
                .map(|d| {
                    let word = if k == 1 && r.next(5) == 0 {
                        RISK[r.next(4)]
                    } else {
                        first[d]
                    };
                    (format!("d{}", d + 1), Answer::Text(word.into()))
                })
                .collect();
            let mut a = Appraisal {
                instrument: "rob2".into(),
                reviewer: reviewer.into(),
                answers,
                ..Appraisal::default()
            };
            match r.next(10) {
                0 => a.comment = Some("Allocation concealment unclear.\nAsked the authors.".into()),
                1 => a.comment = Some("Outcome called \"recovery\" in the protocol".into()),
                2 | 3 => a.comment = Some(format!("Checked against the trial registry ({i}).")),
                _ => {}
            }
            if r.next(4) == 0 {
                a.notes = vec![("d2".into(), "Open-label; outcome self-reported".into())];
            }
            if r.next(8) == 0 {
                a.overall = Some("high".into());
            }
            study.appraisals.push(a);
        }
    })
}

/// The text of synthetic study number `i` ([`study_text`]) with the
/// appraisals `add` gives it, as litrev writes them.
fn with_appraisals(i: usize, add: impl FnOnce(&mut crate::model::Study)) -> String {
    let base = study_text(i);
    let parsed = crate::store::parse::parse_study(
        std::path::Path::new("synth.toml"),
        &base,
        None,
        &crate::model::Review::default(),
    );
    let Some(mut study) = parsed.study else {
        return base;
    };
    add(&mut study);
    let instruments = crate::appraisal::Instruments::builtin();
    crate::store::write::render_study(&instruments, &study, Some(&base))
}

/// The text of synthetic study number `i` with two AMSTAR 2 appraisals
/// whose sixteen answers are drawn at random, each reviewer's apart: a
/// review whose appraisals hardly ever repeat (the worst case for what an
/// instrument remembers of each set of answers, `appraisal::memo`).
pub fn study_text_varied(i: usize) -> String {
    use crate::appraisal::{Answer, Appraisal};
    let mut r = Lcg(i as u64 * 7_919 + 11);
    // AMSTAR 2's items and the words of their scales.
    const YN: &[&str] = &["yes", "no"];
    const YPN: &[&str] = &["yes", "partial-yes", "no"];
    const YNMA: &[&str] = &["yes", "no", "no-ma"];
    const SCALES: [&[&str]; 16] = [
        YN, YPN, YN, YPN, YN, YN, YPN, YPN, YPN, YN, YNMA, YNMA, YN, YN, YNMA, YN,
    ];
    with_appraisals(i, |study| {
        for reviewer in ["AB", "CD"] {
            let answers = SCALES
                .iter()
                .enumerate()
                .map(|(q, words)| {
                    let word = words[r.next(words.len())];
                    (format!("q{}", q + 1), Answer::Text(word.into()))
                })
                .collect();
            study.appraisals.push(Appraisal {
                instrument: "amstar2".into(),
                reviewer: reviewer.into(),
                answers,
                ..Appraisal::default()
            });
        }
    })
}

/// Writes a review of `n` synthetic studies, each with two AMSTAR 2
/// appraisals that hardly ever repeat ([`study_text_varied`]), into `dir`.
pub fn write_review_varied(dir: &Path, n: usize) -> io::Result<()> {
    write_review_with(dir, n, study_text_varied)
}

/// Writes a review of `n` synthetic studies into `dir`.
pub fn write_review(dir: &Path, n: usize) -> io::Result<()> {
    write_review_with(dir, n, study_text)
}

/// Writes a review of `n` synthetic studies, each with two RoB 2
/// appraisals ([`study_text_appraised`]), into `dir`.
pub fn write_review_appraised(dir: &Path, n: usize) -> io::Result<()> {
    write_review_with(dir, n, study_text_appraised)
}

fn write_review_with(dir: &Path, n: usize, text: fn(usize) -> String) -> io::Result<()> {
    std::fs::create_dir_all(dir.join(STUDIES_DIR))?;
    std::fs::write(
        dir.join(REVIEW_FILE),
        default_review_toml("Synthetic review"),
    )?;
    for i in 0..n {
        std::fs::write(
            dir.join(STUDIES_DIR).join(format!("study-{i:06}.toml")),
            text(i),
        )?;
    }
    Ok(())
}

/// Writes a review of `n` synthetic studies with a wide taxonomy and many
/// tags, for the scaling figures of the evidence map and the report: the
/// default taxonomy plus `designs` design groups (`wide-0`, `wide-1`, …)
/// and `tags` tags (`theme 0`, …); study `i` has design `wide-{i % designs}`
/// and the tags `theme {i % tags}` and `theme {(7i + 1) % tags}`.
pub fn write_wide_review(dir: &Path, n: usize, designs: usize, tags: usize) -> io::Result<()> {
    std::fs::create_dir_all(dir.join(STUDIES_DIR))?;
    let mut review = default_review_toml("Synthetic wide review");
    for d in 0..designs {
        let _ = write!(
            review,
            "\n[[designs]]\nkey = \"wide-{d}\"\nlabel = \"wide design {d}\"\n"
        );
    }
    std::fs::write(dir.join(REVIEW_FILE), review)?;
    let tags = tags.max(1);
    let designs = designs.max(1);
    for i in 0..n {
        let text: String = study_text(i)
            .lines()
            .map(|l| {
                if l.starts_with("design = ") {
                    format!("design = \"wide-{}\"\n", i % designs)
                } else if l.starts_with("tags = ") {
                    format!(
                        "tags = [\"theme {}\", \"theme {}\"]\n",
                        i % tags,
                        (7 * i + 1) % tags
                    )
                } else {
                    format!("{l}\n")
                }
            })
            .collect();
        std::fs::write(
            dir.join(STUDIES_DIR).join(format!("study-{i:06}.toml")),
            text,
        )?;
    }
    Ok(())
}
