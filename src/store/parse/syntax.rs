//! Where a TOML syntax error really is.
//!
//! The parsers place most errors well, but two kinds land far from their
//! cause: a dotted key nested deeper than the parser allows carries no place
//! at all (it would read 1:1), and a file of binary bytes (NUL, other control
//! characters) is reported where the parser gave up, which for a file of
//! only NUL bytes is its last byte. [`place`] moves such errors to the
//! character the user has to fix.

/// How many parts a dotted key may have before the parser refuses it
/// (`toml_edit`'s recursion limit; arrays and inline tables have the same).
pub const MAX_KEY_PARTS: usize = 80;

/// The byte offset and message to report for a syntax error the parser put
/// at `offset` (`None`: nowhere) with `message`.
pub fn place(src: &str, offset: Option<usize>, message: &str) -> (usize, String) {
    let offset_or_end = offset.unwrap_or(src.len()).min(src.len());
    if let Some((at, c)) = first_control(src)
        && at < offset_or_end
    {
        return (
            at,
            format!(
                "control character U+{:04X} is not allowed in TOML (is this a binary file?)",
                c as u32
            ),
        );
    }
    if offset.is_none()
        && message.contains("recursion")
        && let Some(at) = deep_key(src)
    {
        return (
            at,
            format!(
                "{message}: a dotted key may have at most {} parts",
                MAX_KEY_PARTS - 1
            ),
        );
    }
    (offset.unwrap_or(0).min(src.len()), message.to_string())
}

/// The first character TOML never allows outside a string's escapes: the C0
/// controls other than tab, line feed and carriage return, and DEL.
fn first_control(src: &str) -> Option<(usize, char)> {
    src.char_indices()
        .find(|&(_, c)| c.is_ascii_control() && !matches!(c, '\t' | '\n' | '\r'))
}

/// The start of the first part past the limit of the first dotted key (in a
/// `key = value` line or a `[table]` header) that has too many parts.
fn deep_key(src: &str) -> Option<usize> {
    let mut line_start = 0;
    for line in src.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let key = trimmed.trim_start_matches('[');
        let key_start = line_start + indent + (trimmed.len() - key.len());
        let mut quote: Option<char> = None;
        let mut dots = 0;
        for (i, c) in key.char_indices() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(c),
                (None, '.') => {
                    dots += 1;
                    if dots + 1 >= MAX_KEY_PARTS {
                        return Some(key_start + i + 1);
                    }
                }
                (None, '=' | ']' | '#' | '\n') => break,
                _ => {}
            }
        }
        line_start += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::problem::line_col;

    #[test]
    fn a_file_of_nul_bytes_is_reported_at_its_first_byte() {
        let src = "\0".repeat(5000);
        let (at, msg) = place(&src, Some(5000), "key with no value");
        assert_eq!(line_col(&src, at), (1, 1));
        assert!(msg.contains("U+0000"), "{msg}");
    }

    #[test]
    fn a_control_character_after_the_error_leaves_the_error_alone() {
        let src = "a = \n\u{1}";
        assert_eq!(place(src, Some(4), "expected a value").0, 4);
    }

    #[test]
    fn a_too_deep_dotted_key_is_reported_where_it_goes_too_deep() {
        let key = "x.".repeat(100);
        let src = format!("id = \"a\"\n{key}y = 1\n");
        let (at, msg) = place(&src, None, "recursion limit");
        // The 80th part: after 79 dots of two characters each.
        assert_eq!(line_col(&src, at), (2, 2 * 79 + 1));
        assert!(msg.starts_with("recursion limit"), "{msg}");
        let src = format!("[{key}y]\n");
        assert_eq!(
            line_col(&src, place(&src, None, "recursion limit").0),
            (1, 2 * 79 + 2)
        );
    }

    #[test]
    fn dots_in_quoted_keys_are_not_counted() {
        let src = format!("\"{}\" = 1\n", ".".repeat(200));
        assert_eq!(place(&src, None, "recursion limit").0, 0);
    }
}
