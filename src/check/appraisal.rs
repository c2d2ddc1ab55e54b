//! Every appraisal of a loaded review checked against its instrument, each
//! problem located at the answer, overall or table it is about.

use std::ops::Range;
use std::path::Path;

use toml_edit::{Document, Item};

use crate::appraisal::instrument::Registry;
use crate::appraisal::rules::{Place, assess};
use crate::check::Entry;
use crate::text::problem::Problem;

/// The problems of every appraisal in `studies` (each with its file).
pub fn check<E: Entry>(reg: &Registry, studies: &[(&Path, E)]) -> Vec<Problem> {
    let mut out = Vec::new();
    for (path, entry) in studies {
        check_study(reg, path, entry, &mut out);
    }
    out
}

fn check_study<E: Entry>(reg: &Registry, path: &Path, entry: &E, out: &mut Vec<Problem>) {
    if entry.study().appraisals.is_empty() {
        return;
    }
    let text = entry.text_for_messages(path);
    let doc = Document::parse(&*text).ok();
    let table = |i: usize| {
        doc.as_ref()?
            .get("appraisals")?
            .as_array_of_tables()?
            .get(i)
    };
    for (i, a) in entry.study().appraisals.iter().enumerate() {
        let t = table(i);
        let span = |place: &Place| -> Option<Range<usize>> {
            let t = t?;
            let key = |k: &str| t.get(k).and_then(Item::span);
            match place {
                Place::Table => t.span(),
                Place::Instrument => key("instrument"),
                Place::Category => key("category"),
                Place::Overall => key("overall"),
                Place::Note(id) => {
                    let notes = t.get("notes")?;
                    let v = match notes {
                        Item::Table(nt) => nt.get(id).and_then(Item::span),
                        Item::Value(v) => v.as_inline_table()?.get(id)?.span(),
                        _ => None,
                    };
                    v.or_else(|| notes.span())
                }
                Place::Answer(id) => {
                    let answers = t.get("answers")?;
                    let v = match answers {
                        Item::Table(at) => at.get(id).and_then(Item::span),
                        Item::Value(v) => v.as_inline_table()?.get(id)?.span(),
                        _ => None,
                    };
                    v.or_else(|| answers.span())
                }
            }
            .or_else(|| t.span())
        };
        let at = |place: &Place, msg: String| {
            Problem::at(path, &text, span(place).map_or(0, |s| s.start), msg)
        };
        // Two appraisals with one key cannot both be kept apart by a merge
        // or a form: never merged silently, always an error.
        if let Some(j) = entry.study().appraisals[..i]
            .iter()
            .position(|b| b.key() == a.key())
        {
            let first = table(j)
                .and_then(|t| t.span())
                .map(|s| Problem::at(path, &text, s.start, String::new()).line);
            out.push(at(
                &Place::Table,
                format!(
                    "a second appraisal {}{}: each needs its own key (instrument, reviewer, outcome, MMAT category) — give each its `outcome` (RoB 2 and ROBINS-I are made per outcome), or remove one",
                    a.key_name(),
                    first.map_or(String::new(), |l| format!(" (the first is at line {l})"))
                ),
            ));
        }
        let Some(inst) = reg.get(&a.instrument) else {
            out.push(at(
                &Place::Instrument,
                format!(
                    "unknown instrument \"{}\": expected one of {} (or add instruments/{}.toml)",
                    a.instrument,
                    reg.names(),
                    a.instrument
                ),
            ));
            continue;
        };
        for f in assess(inst, a).findings {
            let p = at(&f.place, f.message);
            out.push(if f.warning { p.warning() } else { p });
        }
    }
}
