//! `litrev screen status`, `duplicates`, `promote` and `export`.

use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

use serde_json::json;

use super::{Format, open};
use crate::cli::{EXIT_DATA, Fail, emit, emit_to, review_dir};
use crate::manuscript::render::json_text;
use crate::screening::decisions::now;
use crate::screening::prisma::stage_words;
use crate::screening::status::status as work_out;
use crate::screening::{Screening, Stage, export as exports, promote as promotion, side};
use crate::session::{Outcome, Session};
use crate::store::REVIEW_FILE;
use crate::text::inert_line;

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn json_out(v: &serde_json::Value) -> Result<(), Fail> {
    emit(&json_text(v).map_err(|e| Fail::usage(format!("cannot write JSON: {e}")))?)
}

/// Runs `litrev screen status`.
pub fn status(review: Option<&Path>, format: Format) -> Result<ExitCode, Fail> {
    let s = open(review)?;
    let st = work_out(&s);
    if format == Format::Json {
        json_out(&serde_json::to_value(&st).map_err(|e| Fail::usage(e.to_string()))?)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} identified, {} after duplicates were merged ({} removed); {} to decide",
        plural(st.identified, "record", "records"),
        st.records,
        st.identified.saturating_sub(st.records),
        plural(
            st.possible_duplicates,
            "possible duplicate",
            "possible duplicates"
        )
    );
    let _ = writeln!(
        out,
        "each record needs {}",
        if st.required == 1 {
            "one reviewer's decision (single screening)".to_string()
        } else {
            format!("{} reviewers' decisions, or a consensus", st.required)
        }
    );
    for (stage, ss) in Stage::ALL.iter().zip(&st.stages) {
        let _ = writeln!(
            out,
            "\n{}: {}",
            stage_words(*stage),
            plural(ss.records, "record", "records")
        );
        let states: Vec<String> = ss
            .states
            .iter()
            .filter(|(_, n)| *n > 0)
            .map(|(name, n)| format!("{n} {name}"))
            .collect();
        if !states.is_empty() {
            let _ = writeln!(out, "  {}", states.join(" · "));
        }
        for r in &ss.reviewers {
            let mut parts = vec![
                format!("{} include", r.include),
                format!("{} exclude", r.exclude),
                format!("{} maybe", r.maybe),
            ];
            if *stage == Stage::FullText {
                parts.push(format!("{} not retrieved", r.not_retrieved));
            }
            let _ = writeln!(
                out,
                "  {}: {} of {} decided ({})",
                inert_line(&r.reviewer),
                r.decided,
                ss.records,
                parts.join(", ")
            );
        }
        if ss.consensus > 0 {
            let _ = writeln!(
                out,
                "  consensus: {}",
                plural(ss.consensus, "record", "records")
            );
        }
        for p in &ss.agreement {
            if p.kappa.compared == 0 {
                let _ = writeln!(
                    out,
                    "  kappa {}–{}: none yet (no record decided by both)",
                    inert_line(&p.first),
                    inert_line(&p.second)
                );
                continue;
            }
            let k = match p.kappa.kappa {
                Some(k) => format!("{k:.2}"),
                None => "undefined (one answer throughout)".into(),
            };
            let _ = writeln!(
                out,
                "  kappa {}–{}: {k} over {} both decided ({}{})",
                inert_line(&p.first),
                inert_line(&p.second),
                plural(p.kappa.compared, "record", "records"),
                plural(p.disagreements, "disagreement", "disagreements"),
                p.kappa
                    .observed
                    .map(|o| format!(", {:.1}% agreement", o * 100.0))
                    .unwrap_or_default()
            );
        }
        if let Some(f) = &ss.fleiss {
            let k = match f.kappa {
                Some(k) => format!("{k:.2}"),
                None if f.subjects == 0 => "none yet".into(),
                None => "undefined (one answer throughout)".into(),
            };
            let _ = writeln!(
                out,
                "  Fleiss' kappa, all {} reviewers: {k} over {}",
                f.raters.len(),
                plural(f.subjects, "record all decided", "records all decided")
            );
        }
    }
    emit(&out)?;
    Ok(ExitCode::SUCCESS)
}

/// Runs `litrev screen duplicates`: the list, or a decision on a pair.
pub fn duplicates(
    review: Option<&Path>,
    same: Option<&[String]>,
    different: Option<&[String]>,
    reviewer: Option<&str>,
    format: Format,
) -> Result<ExitCode, Fail> {
    let mut s = open(review)?;
    let decided = same
        .map(|p| (p, "same"))
        .or(different.map(|p| (p, "different")));
    if let Some((pair, answer)) = decided {
        let who = reviewer.unwrap_or_default();
        s.config
            .settings
            .check_reviewer(who, &s.root.join(REVIEW_FILE))
            .map_err(Fail::usage)?;
        return decide_pair(&mut s, pair, answer, who);
    }
    if format == Format::Json {
        let list: Vec<serde_json::Value> = s
            .possible
            .iter()
            .map(|p| {
                json!({"key": s.records[p.a].key, "other": s.records[p.b].key, "why": p.why,
                       "titles": [s.records[p.a].study.title, s.records[p.b].study.title]})
            })
            .collect();
        json_out(&serde_json::Value::Array(list))?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = String::new();
    for p in &s.possible {
        let line = |r: usize| {
            let st = &s.records[r].study;
            format!(
                "  {}  {} {}  {}",
                inert_line(&s.records[r].key),
                inert_line(st.first_author()),
                st.year.map(|y| y.to_string()).unwrap_or_default(),
                inert_line(&st.title)
            )
        };
        let _ = writeln!(out, "{}:", p.why);
        let _ = writeln!(out, "{}", line(p.a));
        let _ = writeln!(out, "{}", line(p.b));
    }
    let _ = writeln!(
        out,
        "{} (decide with `litrev screen duplicates --same KEY OTHER --reviewer AB`, or --different)",
        plural(
            s.possible.len(),
            "possible duplicate",
            "possible duplicates"
        )
    );
    emit(&out)?;
    Ok(ExitCode::SUCCESS)
}

/// Records a reviewer's answer about a pair in `screening/duplicates.tsv`.
fn decide_pair(
    s: &mut Screening,
    pair: &[String],
    answer: &str,
    who: &str,
) -> Result<ExitCode, Fail> {
    let [a, b] = pair else {
        return Err(Fail::usage("name the two records: KEY OTHER"));
    };
    let (Some(ra), Some(rb)) = (s.find(a), s.find(b)) else {
        let unknown = if s.find(a).is_none() { a } else { b };
        return Err(Fail::data(format!(
            "{}: no record has this key (`litrev screen duplicates` lists the pairs)",
            inert_line(unknown)
        )));
    };
    if ra == rb {
        return Err(Fail::data(format!(
            "{} and {} are one record already",
            inert_line(a),
            inert_line(b)
        )));
    }
    let (ka, kb) = {
        let (x, y) = (s.records[ra].key.clone(), s.records[rb].key.clone());
        if x < y { (x, y) } else { (y, x) }
    };
    let why = s
        .possible
        .iter()
        .find(|p| (p.a, p.b) == (ra.min(rb), ra.max(rb)))
        .map(|p| p.why)
        .unwrap_or("by hand");
    s.duplicates.rows.insert(
        vec![ka.clone(), kb.clone()],
        (
            vec![answer.to_string(), why.to_string(), who.to_string(), now()],
            0,
        ),
    );
    s.duplicates.save().map_err(Fail::usage)?;
    emit(&format!(
        "{}: {} and {} recorded as {} in {}/{}\n",
        inert_line(who),
        inert_line(&ka),
        inert_line(&kb),
        if answer == "same" {
            "the same record"
        } else {
            "different records"
        },
        crate::screening::SCREENING_DIR,
        side::DUPLICATES
    ))?;
    Ok(ExitCode::SUCCESS)
}

/// Runs `litrev screen promote`.
pub fn promote(review: Option<&Path>, dry_run: bool) -> Result<ExitCode, Fail> {
    let s = open(review)?;
    let dir = review_dir(review)?;
    let mut session = Session::open(&dir).map_err(|e| Fail::usage(e.to_string()))?;
    let plan = promotion::plan(&s, &session);
    let mut out = String::new();
    let verb = if dry_run { "would add" } else { "added" };
    if !dry_run && !plan.new.is_empty() {
        let batch = session.add(plan.new.iter().map(|(_, st)| st.clone()).collect());
        match session.apply(batch) {
            Outcome::Done { .. } => {}
            Outcome::Conflict { id, .. } => {
                return Err(Fail::usage(format!(
                    "studies/{id}.toml appeared meanwhile: nothing was written; run the command again"
                )));
            }
            Outcome::Failed { error, .. } => {
                return Err(Fail::usage(format!("nothing was written: {error}")));
            }
        }
    }
    let _ = writeln!(
        out,
        "{verb} {}{}",
        plural(plan.new.len(), "study", "studies"),
        if plan.new.is_empty() { "" } else { ":" }
    );
    for (r, st) in &plan.new {
        let _ = writeln!(
            out,
            "  {}  from {}  {}",
            st.id,
            inert_line(&s.records[*r].key),
            inert_line(&st.title)
        );
    }
    if !dry_run && !plan.new.is_empty() {
        let _ = writeln!(
            out,
            "the new studies have no design yet (`litrev check` warns about each; classify them with `e` in the interface)"
        );
    }
    if !plan.already.is_empty() {
        let _ = writeln!(
            out,
            "{} already studies",
            plural(
                plan.already.len(),
                "included record is",
                "included records are"
            )
        );
    }
    emit(&out)?;
    // A record too large for a study file is not promoted (the loader
    // would refuse the file, and the study vanish); the others are.
    for (_, why) in &plan.too_large {
        crate::cli::note(&format!("litrev: {}; not promoted", inert_line(why)));
    }
    Ok(if plan.too_large.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_DATA)
    })
}

/// Runs `litrev screen export`.
pub fn export(review: Option<&Path>, out: &crate::cli::out::OutArgs) -> Result<ExitCode, Fail> {
    let s = open(review)?;
    let dir = review_dir(review)?;
    let loaded = crate::store::load_fingerprinted(&dir).map_err(|e| Fail::usage(e.to_string()))?;
    let studies: Vec<_> = loaded.studies().collect();
    let csv = exports::decisions_csv(&s, &studies)
        .map_err(|e| Fail::usage(format!("cannot write CSV: {e}")))?;
    emit_to(&csv, out, "screen export")?;
    Ok(if s.problems.iter().any(|p| !p.is_warning()) {
        ExitCode::from(EXIT_DATA)
    } else {
        ExitCode::SUCCESS
    })
}
