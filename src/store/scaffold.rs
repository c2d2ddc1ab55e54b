//! `litrev new`: a fresh review folder with a sensible default taxonomy.

use std::fs;
use std::io;
use std::path::Path;

use crate::store::{REVIEW_FILE, STUDIES_DIR, write_atomic};

/// The `review.toml` of a new review, titled `title`.
pub fn default_review_toml(title: &str) -> String {
    let title = toml_edit::Value::from(title).to_string();
    format!(
        r#"# litrev review file (format 1). Edit freely: litrev keeps comments and
# keys it does not know. A study's `design` is a path such as
# "qualitative/patient"; a child inherits its parent's instrument.
format = 1
title = {title}
description = ""
citation_style = "brackets"   # brackets "[41–51]" | superscript "⁴¹⁻⁵¹" | parentheses "(41–51)" | none

[[designs]]
key = "qualitative"
label = "qualitative research designs"
short = "Qualitative"
instrument = "casp-qualitative"

  [[designs.children]]
  key = "patient"
  label = "patient perspective"
  short = "Qual: patient"

  [[designs.children]]
  key = "clinician"
  label = "clinician perspective"
  short = "Qual: clinician"

  [[designs.children]]
  key = "mixed"
  label = "mixed perspectives"
  short = "Qual: mixed"

[[designs]]
key = "quantitative"
label = "quantitative designs"
short = "Quantitative"

  [[designs.children]]
  key = "cohort"
  label = "cohort studies"
  short = "Cohort"
  instrument = "nos-cohort"

  [[designs.children]]
  key = "secondary-rct"
  label = "secondary analyses of RCTs"
  short = "Secondary RCT"
  instrument = "rob2"

  [[designs.children]]
  key = "cross-sectional"
  label = "cross-sectional studies"
  short = "Cross-sectional"
  instrument = "mmat-2018"

[[designs]]
key = "rct"
label = "RCTs"
short = "RCT"
instrument = "rob2"

[[designs]]
key = "non-randomised"
label = "non-randomised studies of interventions"
short = "Non-randomised"
instrument = "robins-i"

[[designs]]
key = "diagnostic"
label = "diagnostic accuracy studies"
short = "Diagnostic"
instrument = "quadas-2"

[[designs]]
key = "systematic-review"
label = "systematic reviews"
short = "Systematic review"
instrument = "amstar2"

[[designs]]
key = "mixed-methods"
label = "mixed methods"
short = "Mixed methods"
instrument = "mmat-2018"

[[designs]]
key = "commentary"
label = "commentaries"
short = "Commentary"
instrument = "jbi-text-opinion"

[[designs]]
key = "case-report"
label = "case reports"
short = "Case report"
instrument = "jbi-case-report"

[[designs]]
key = "narrative-review"
label = "narrative reviews"
short = "Narrative review"
instrument = "sanra"

# Extra extraction fields, shown in the table, the form and the exports.
# kind = text | integer | number | list | choice
[fields.country]
label = "Country"
kind = "text"

[fields.setting]
label = "Setting"
kind = "choice"
choices = ["primary care", "hospital", "community", "mixed", "not applicable"]

[fields.sample_size]
label = "Sample size"
kind = "integer"

# The PRISMA 2020 flow (`litrev prisma`, `litrev check`): uncomment and
# fill in the counts; the keys are described in litrev's docs/format.md.
# [prisma]
# databases = {{ MEDLINE = 0, Embase = 0 }}
# registers = {{ "ClinicalTrials.gov" = 0 }}
# duplicates_removed = 0
# records_screened = 0
# records_excluded = 0
# reports_sought = 0
# reports_not_retrieved = 0
# reports_assessed = 0
# studies_included = 0
# reports_included = 0
#
# [prisma.reports_excluded]   # reason = count
# "wrong population" = 0
"#
    )
}

/// What a new review's `.gitignore` holds: the temporary files of a save
/// that was interrupted (litrev lists them as problems; they are never
/// part of the review) and the recovery file of unsaved edits (one
/// person's unfinished work).
pub const GITIGNORE: &str = "# litrev: temporary files of an interrupted save\nstudies/.litrev-save-*.tmp\n# litrev: unsaved edits kept when litrev was stopped by a signal\n.litrev-recovery.toml\n";

/// Creates a new review in `dir`: `review.toml`, an empty `studies/` and a
/// `.gitignore` (unless one exists). Refuses to touch a folder that already
/// holds a review.
pub fn create(dir: &Path, title: &str) -> io::Result<()> {
    let review = dir.join(REVIEW_FILE);
    if review.exists() {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!("{} already exists; not overwritten", review.display()),
        ));
    }
    fs::create_dir_all(dir.join(STUDIES_DIR))?;
    let ignore = dir.join(".gitignore");
    if !ignore.exists() {
        write_atomic(&ignore, GITIGNORE.as_bytes())?;
    }
    write_atomic(&review, default_review_toml(title).as_bytes())
}
