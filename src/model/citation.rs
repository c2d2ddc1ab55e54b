//! The citation styles a review can ask for.

/// How studies are cited in prose and tables (`citation_style` in
/// `review.toml`, `--cite` on a command).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CitationStyle {
    /// `[41–51]`
    #[default]
    Brackets,
    /// `⁴¹⁻⁵¹`
    Superscript,
    /// `(41–51)`
    Parentheses,
    /// no citations
    None,
    /// `[@smith-2019; @lee-2020]`
    Pandoc,
    /// `\cite{smith-2019,lee-2020}`
    Latex,
    /// `(Smith et al., 2019; Lee and Park, 2020)`
    AuthorYear,
}

impl CitationStyle {
    /// Every accepted spelling, for error messages.
    pub const NAMES: [&'static str; 7] = [
        "brackets",
        "superscript",
        "parentheses",
        "none",
        "pandoc",
        "latex",
        "author-year",
    ];

    /// Parses a `citation_style` value of `review.toml` or a `--cite` value.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "brackets" => Some(Self::Brackets),
            "superscript" => Some(Self::Superscript),
            "parentheses" => Some(Self::Parentheses),
            "none" => Some(Self::None),
            "pandoc" => Some(Self::Pandoc),
            "latex" => Some(Self::Latex),
            "author-year" => Some(Self::AuthorYear),
            _ => None,
        }
    }

    /// True for the styles that cite by reference number (or not at all),
    /// where a study without a `ref` goes uncited.
    pub fn is_numeric(self) -> bool {
        matches!(
            self,
            Self::Brackets | Self::Superscript | Self::Parentheses | Self::None
        )
    }
}
