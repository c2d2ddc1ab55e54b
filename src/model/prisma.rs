//! The PRISMA 2020 flow of a review: the `[prisma]` table of `review.toml`,
//! its arithmetic checked, as text, Markdown, JSON and the flow diagram.
//!
//! Every count keeps where it was written (line and column), so a number
//! that does not add up is reported at the key that holds it.

/// One count of the flow and where `review.toml` holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Count {
    pub n: u64,
    /// 1-based line and column of the value.
    pub line: usize,
    pub col: usize,
}

/// A named count: a database, a register, another source, a reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named {
    pub name: String,
    pub count: Count,
}

/// The column of studies identified via other methods (websites,
/// organisations, citation searching): `[prisma.other_methods]`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OtherMethods {
    pub sources: Vec<Named>,
    pub reports_sought: Option<Count>,
    pub reports_not_retrieved: Option<Count>,
    pub reports_assessed: Option<Count>,
    pub reports_excluded: Vec<Named>,
}

/// The studies of the previous version of an updated review:
/// `[prisma.previous]`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Previous {
    pub studies: Option<Count>,
    pub reports: Option<Count>,
}

/// The `[prisma]` table.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Prisma {
    /// Where `[prisma]` starts (for problems about a missing key).
    pub line: usize,
    pub col: usize,
    pub databases: Vec<Named>,
    pub registers: Vec<Named>,
    pub duplicates_removed: Option<Count>,
    pub automation_removed: Option<Count>,
    pub other_removed: Option<Count>,
    pub records_screened: Option<Count>,
    pub records_excluded: Option<Count>,
    pub reports_sought: Option<Count>,
    pub reports_not_retrieved: Option<Count>,
    pub reports_assessed: Option<Count>,
    pub reports_excluded: Vec<Named>,
    pub studies_included: Option<Count>,
    pub reports_included: Option<Count>,
    pub other_methods: Option<OtherMethods>,
    /// For an updated review: with it, `studies_included` and
    /// `reports_included` count the new studies, and the totals add these.
    pub previous: Option<Previous>,
}

/// The keys of `[prisma]`.
pub const KEYS: [&str; 16] = [
    "databases",
    "registers",
    "duplicates_removed",
    "automation_removed",
    "other_removed",
    "records_screened",
    "records_excluded",
    "reports_sought",
    "reports_not_retrieved",
    "reports_assessed",
    "reports_excluded",
    "studies_included",
    "reports_included",
    "other_methods",
    "previous",
    // Read as a comment by people; accepted so a table can say where its
    // numbers come from.
    "note",
];

/// The keys of `[prisma.other_methods]`.
pub const OTHER_KEYS: [&str; 5] = [
    "sources",
    "reports_sought",
    "reports_not_retrieved",
    "reports_assessed",
    "reports_excluded",
];

/// Keys a complete flow needs; without one its box reads "n = ?".
pub const REQUIRED: [&str; 9] = [
    "duplicates_removed",
    "records_screened",
    "records_excluded",
    "reports_sought",
    "reports_not_retrieved",
    "reports_assessed",
    "reports_excluded",
    "studies_included",
    "reports_included",
];

pub fn sum(v: &[Named]) -> u64 {
    v.iter().map(|n| n.count.n).sum()
}

pub fn num(c: &Option<Count>) -> Option<u64> {
    c.as_ref().map(|c| c.n)
}
