//! What a file is, before it is read: its bytes decoded (a BOM, UTF-8,
//! UTF-16 with or without a BOM, GBK, Windows-1252), files that hold no
//! references refused (empty files, archives, other binary files, Markdown),
//! and the format told from the content.

use super::Format;
use super::tagged::{nbib, refer, refworks, ris, wos};

/// How a file's bytes were decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
    /// Simplified Chinese, as older Chinese databases (CNKI, Wanfang) and
    /// Windows set to Chinese write it.
    Gbk,
    /// Western European, as older EndNote and Excel write it.
    Windows1252,
}

impl Encoding {
    /// A warning for the user when the text was not Unicode: the guess may
    /// be wrong, and they should check names with accents.
    pub fn warning(self) -> Option<&'static str> {
        match self {
            Self::Utf8 | Self::Utf16 => None,
            Self::Gbk => Some(
                "the file is not UTF-8: read as GBK (Chinese); check that names and titles read right",
            ),
            Self::Windows1252 => Some(
                "the file is not UTF-8: read as Windows-1252 (Western European); check that accented names read right",
            ),
        }
    }
}

/// Why a file is not read as references at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    Empty,
    /// An archive: zip (a Citavi backup, a .docx or .xlsx), gzip, 7z, rar, tar.
    Archive(&'static str),
    /// Another binary file: PDF, an image, a database.
    Binary(&'static str),
    Markdown,
    /// A zip archive whose entry would unpack to more than it should (a
    /// zip bomb, or a Citavi backup too large to read).
    ArchiveTooLarge(u64),
    /// YAML that is neither a `CITATION.cff` nor a Hayagriva bibliography.
    OtherYaml,
    /// XML whose root element is none of the formats read.
    OtherXml(String),
    /// Read in a format, it held no record at all.
    NoRecords(Format),
    /// A table (CSV) with none of the columns of a reference export: its
    /// first columns, as written.
    Table(String),
}

impl Refusal {
    /// The message after `name:1:1: `.
    pub fn message(&self) -> String {
        match self {
            Self::Empty => "the file is empty: there is nothing to import".into(),
            Self::Archive(what) => format!(
                "this is {what}, not a reference file; export the references from the program that made it (RIS, BibTeX, EndNote XML or CSV) and import that"
            ),
            Self::Binary(what) => format!(
                "this is {what}, not a reference file (RIS, PubMed, BibTeX, CSL-JSON, EndNote XML, CSV ...)"
            ),
            Self::Markdown => "this reads as Markdown, not as a reference file (RIS, PubMed, BibTeX, CSL-JSON, EndNote XML, CSV ...)".into(),
            Self::ArchiveTooLarge(limit) => format!(
                "a zip archive whose entry unpacks to more than {} MB: refused (a zip bomb?)",
                limit / 1_000_000
            ),
            Self::OtherYaml => "this is YAML, but neither a CITATION.cff (no `cff-version:` key) nor a Hayagriva bibliography (no entries with `type:` or `title:`)".into(),
            Self::OtherXml(root) => format!(
                "an XML file with root <{root}>: not EndNote XML, PubMed XML, MODS, JATS, MSBib, MARC XML or Citavi"
            ),
            Self::Table(columns) => format!(
                "a table whose columns ({columns}) include no title: not a reference export (litrev reads tables with a Title column, as Covidence, Rayyan, Scopus, Embase and Web of Science write them)"
            ),
            Self::NoRecords(f) => format!(
                "no records found in it (read as {}); is it a reference file?",
                f.label()
            ),
        }
    }
}

/// A file's bytes that are not text at all, told by their first bytes.
pub fn sniff(bytes: &[u8]) -> Option<Refusal> {
    let starts = |magic: &[u8]| bytes.starts_with(magic);
    let what = if starts(b"PK\x03\x04") || starts(b"PK\x05\x06") {
        Refusal::Archive("a zip archive (a Citavi backup, a Word or Excel file?)")
    } else if starts(b"\x1f\x8b") {
        Refusal::Archive("a gzip archive")
    } else if starts(b"7z\xbc\xaf\x27\x1c") {
        Refusal::Archive("a 7-Zip archive")
    } else if starts(b"Rar!") {
        Refusal::Archive("a RAR archive")
    } else if bytes.get(257..262) == Some(b"ustar") {
        Refusal::Archive("a tar archive")
    } else if starts(b"%PDF") {
        Refusal::Binary("a PDF")
    } else if starts(b"SQLite format 3\0") {
        Refusal::Binary("an SQLite database (Zotero's zotero.sqlite? export from Zotero instead)")
    } else if starts(b"\xd0\xcf\x11\xe0") {
        Refusal::Binary("an old Microsoft Office file (.doc or .xls)")
    } else if starts(b"\x89PNG") || starts(b"\xff\xd8\xff") || starts(b"GIF8") {
        Refusal::Binary("an image")
    } else if starts(b"\x7fELF") || starts(b"MZ") {
        Refusal::Binary("a program")
    } else {
        return None;
    };
    Some(what)
}

/// [`decode_bytes`] of bytes it may keep: UTF-8 without a BOM (the common
/// case) becomes the text without a copy.
pub fn decode_owned(bytes: Vec<u8>) -> (String, Encoding) {
    if encoding_rs::Encoding::for_bom(&bytes).is_some() || utf16_without_bom(&bytes).is_some() {
        return decode_bytes(&bytes);
    }
    match String::from_utf8(bytes) {
        Ok(s) => (s, Encoding::Utf8),
        Err(e) => decode_bytes(e.as_bytes()),
    }
}

/// Decodes a file's bytes: a UTF-8 or UTF-16 byte-order mark is honoured
/// and dropped; UTF-16 without a mark is told by its zero bytes; text that
/// is not UTF-8 is read as GBK when its high bytes pair up as Chinese
/// characters do, else as Windows-1252 (a superset of Latin-1).
pub fn decode_bytes(bytes: &[u8]) -> (String, Encoding) {
    if let Some((enc, _)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_with_bom_removal(bytes);
        let e = if enc == encoding_rs::UTF_8 {
            Encoding::Utf8
        } else {
            Encoding::Utf16
        };
        return (text.into_owned(), e);
    }
    if let Some(enc) = utf16_without_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(bytes);
        return (text.into_owned(), Encoding::Utf16);
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => (s.to_string(), Encoding::Utf8),
        Err(_) if looks_like_gbk(bytes) => (
            encoding_rs::GBK
                .decode_without_bom_handling(bytes)
                .0
                .into_owned(),
            Encoding::Gbk,
        ),
        Err(_) => (
            encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned(),
            Encoding::Windows1252,
        ),
    }
}

/// UTF-16 without a byte-order mark: in the first few kilobytes, most
/// characters (the ASCII of tags and digits) have a zero high byte, always on
/// the same side.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let sample = &bytes[..bytes.len().min(4096) & !1];
    let pairs = sample.len() / 2;
    if pairs < 2 {
        return None;
    }
    let zero_at = |parity: usize| {
        sample
            .iter()
            .skip(parity)
            .step_by(2)
            .filter(|b| **b == 0)
            .count()
    };
    let (even, odd) = (zero_at(0), zero_at(1));
    let many = |n: usize| n * 10 >= pairs * 3;
    let few = |n: usize| n * 50 <= pairs;
    if many(odd) && few(even) {
        Some(encoding_rs::UTF_16LE)
    } else if many(even) && few(odd) {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
    }
}

/// True when the bytes (not UTF-8) read as GBK: they decode without an
/// error, and nearly all high bytes come in pairs of the GB2312 range
/// (A1–FE A1–FE), which Latin-1 text, whose accented letters stand between
/// ASCII letters, almost never does.
fn looks_like_gbk(bytes: &[u8]) -> bool {
    let (mut high, mut paired, mut i) = (0usize, 0usize, 0usize);
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            i += 1;
            continue;
        }
        match bytes.get(i + 1) {
            Some(&t) if (0xa1..=0xfe).contains(&b) && (0xa1..=0xfe).contains(&t) => {
                high += 2;
                paired += 2;
                i += 2;
            }
            _ => {
                high += 1;
                i += 1;
            }
        }
    }
    paired >= 4
        && paired * 10 >= high * 9
        && encoding_rs::GBK
            .decode_without_bom_handling_and_without_replacement(bytes)
            .is_some()
}

/// Decoded text that is not references: empty, binary (NUL or many other
/// control characters), or Markdown.
pub fn refuse_text(text: &str) -> Option<Refusal> {
    let sample: &str = match text.char_indices().nth(8192) {
        Some((i, _)) => &text[..i],
        None => text,
    };
    if sample.trim().is_empty() && text.trim().is_empty() {
        return Some(Refusal::Empty);
    }
    let controls = sample
        .chars()
        .filter(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{c}'))
        .count();
    if sample.contains('\0') || controls * 20 > sample.chars().count() {
        return Some(Refusal::Binary("a binary file"));
    }
    if looks_like_cff(sample) || looks_like_csl_yaml(sample) || looks_like_hayagriva(sample) {
        return None;
    }
    if looks_like_yaml(sample) {
        return Some(Refusal::OtherYaml);
    }
    if looks_like_markdown(sample) {
        return Some(Refusal::Markdown);
    }
    None
}

/// A `CITATION.cff`: a `cff-version:` key at the top level.
fn looks_like_cff(text: &str) -> bool {
    text.lines().any(|l| l.starts_with("cff-version:"))
}

/// CSL YAML: a `references:` key at the top level (of a YAML file, or of a
/// Markdown file's metadata block) holding a list, or a top-level list,
/// whose items have CSL keys (`id`, `type`, `issued`, `container-title`,
/// names with `family` or `literal`).
pub fn looks_like_csl_yaml(text: &str) -> bool {
    let mut lines = text
        .lines()
        .take(400)
        .map(str::trim_end)
        .filter(|l| !l.is_empty() && !l.trim_start().starts_with('#'))
        .peekable();
    if lines.peek() == Some(&"---") {
        lines.next();
    }
    let mut in_references = false;
    let mut items = 0usize;
    let mut csl_keys = 0usize;
    for l in lines {
        if !l.starts_with([' ', '\t', '-']) {
            // A top-level key: `references:` opens the list, another ends it.
            in_references = l == "references:";
            if l == "---" || l == "..." {
                break;
            }
            continue;
        }
        let field = l.trim_start().trim_start_matches("- ").trim_start();
        let top_item = l.starts_with("- ") || (in_references && l.trim_start().starts_with("- "));
        if !(in_references || l.starts_with('-') || items > 0) {
            continue;
        }
        if top_item {
            items += 1;
        }
        let key = field.split(':').next().unwrap_or("");
        if field.contains(':')
            && matches!(
                key,
                "id" | "type"
                    | "issued"
                    | "container-title"
                    | "family"
                    | "literal"
                    | "citation-key"
            )
        {
            csl_keys += 1;
        }
    }
    items > 0 && csl_keys >= 2
}

/// A Hayagriva bibliography: a YAML map whose top-level keys (each alone on
/// its line, `key:`) hold entries, one of which has a `type:` or `title:`
/// at the next indentation; nothing else at the top level but comments.
pub fn looks_like_hayagriva(text: &str) -> bool {
    let mut keys = 0usize;
    let mut fields = false;
    let mut after_key = false;
    for line in text.lines().take(2000) {
        let l = line.trim_end();
        if l.is_empty() || l.trim_start().starts_with('#') || l == "---" {
            continue;
        }
        if !l.starts_with([' ', '\t']) {
            let Some(key) = l.strip_suffix(':') else {
                return false;
            };
            let key = key.trim_matches(['"', '\'']);
            if key.is_empty() || key.contains(": ") {
                return false;
            }
            keys += 1;
            after_key = true;
            continue;
        }
        if after_key {
            let field = l.trim_start();
            fields |= field.starts_with("type:") || field.starts_with("title:");
        }
    }
    keys > 0 && fields
}

/// YAML that is not a reference format: a `# YAML` comment or a `---`
/// document start, then `key: value` lines.
fn looks_like_yaml(text: &str) -> bool {
    let mut lines = text.lines().map(str::trim_end).filter(|l| !l.is_empty());
    let Some(first) = lines.next() else {
        return false;
    };
    // `---` opens Markdown's front matter too: that is Markdown.
    let head = first.starts_with("# YAML")
        || first.starts_with("%YAML")
        || (first == "---" && !looks_like_markdown(text));
    head && lines
        .filter(|l| !l.starts_with('#') && *l != "---" && *l != "...")
        .take(5)
        .any(|l| {
            let key = l.split(':').next().unwrap_or("");
            l.contains(':') && !key.is_empty() && !key.contains(' ')
        })
}

/// Markdown: a first line that is a heading (`# Title`) or YAML front
/// matter (`---`), or a fenced code block. No reference format starts so.
fn looks_like_markdown(text: &str) -> bool {
    let mut lines = text
        .lines()
        .map(|l| l.trim_start_matches('\u{feff}').trim_end())
        .filter(|l| !l.is_empty());
    let Some(first) = lines.next() else {
        return false;
    };
    let hashes = first.bytes().take_while(|b| *b == b'#').count();
    if (1..=6).contains(&hashes) && first[hashes..].starts_with(' ') {
        return true;
    }
    if first == "---" {
        return lines.take(60).any(|l| l == "---" || l == "...");
    }
    text.lines().take(400).any(|l| l.starts_with("```"))
}

/// The root element's name of XML text (after the declaration, comments
/// and a DOCTYPE).
pub fn xml_root(text: &str) -> Option<&str> {
    let mut rest = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    loop {
        if !rest.starts_with('<') {
            return None;
        }
        if rest.starts_with("<?") {
            rest = &rest[rest.find("?>")? + 2..];
        } else if rest.starts_with("<!--") {
            rest = &rest[rest.find("-->")? + 3..];
        } else if rest.starts_with("<!") {
            // A DOCTYPE, perhaps with an internal subset in brackets.
            let end = match (rest.find('['), rest.find('>')) {
                (Some(b), Some(g)) if b < g => rest[b..].find("]>").map(|e| b + e + 1)?,
                (_, Some(g)) => g,
                _ => return None,
            };
            rest = &rest[end + 1..];
        } else {
            let name = &rest[1..];
            let end = name
                .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
                .unwrap_or(name.len());
            return Some(&name[..end]);
        }
        rest = rest.trim_start();
    }
}

/// MARC 21 XML: its namespace, or MARC's elements (`datafield` with a
/// `tag`), under whatever root (an SRU response wraps the records).
fn looks_like_marc(text: &str) -> bool {
    let head = match text.char_indices().nth(65_536) {
        Some((i, _)) => &text[..i],
        None => text,
    };
    head.contains("www.loc.gov/MARC21/slim")
        || (head.contains("<datafield") || head.contains(":datafield"))
            && (head.contains("<leader")
                || head.contains(":leader")
                || head.contains("<controlfield"))
}

/// The XML format of a root element.
fn xml_format(root: &str) -> Option<Format> {
    let local = root.rsplit(':').next().unwrap_or(root);
    match local {
        "Sources" => Some(Format::MsBib),
        "CitaviExchangeData" => Some(Format::Citavi),
        "xml" | "records" | "record" => Some(Format::EndnoteXml),
        "PubmedArticleSet"
        | "PubmedArticle"
        | "PubmedBookArticleSet"
        | "PubmedBookArticle"
        | "MedlineCitationSet" => Some(Format::PubmedXml),
        "modsCollection" | "mods" => Some(Format::Mods),
        "article" | "pmc-articleset" => Some(Format::Jats),
        _ => None,
    }
}

/// The format of decoded text, judged from its content; `None` when it
/// reads as none of them.
pub fn detect(text: &str) -> Option<Format> {
    let start = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    // Ovid heads its records `<1. >`: before the XML check.
    if super::tagged::ovid::looks_like_ovid(start) {
        return Some(Format::Ovid);
    }
    // Formats told by a heading or a tag shape of their own.
    if let Some(f) = tagged_by_shape(start) {
        return Some(f);
    }
    if start.starts_with('<') {
        if looks_like_marc(start) {
            return Some(Format::MarcXml);
        }
        return xml_root(start).and_then(xml_format);
    }
    if looks_like_cff(start) {
        return Some(Format::Cff);
    }
    if looks_like_csl_yaml(start) {
        return Some(Format::CslYaml);
    }
    if looks_like_hayagriva(start) {
        return Some(Format::Hayagriva);
    }
    if start.starts_with('[') || start.starts_with('{') {
        return Some(Format::CslJson);
    }
    if wos::looks_like_wos(start) {
        return Some(Format::Wos);
    }
    let mut nbib_tags = 0usize;
    let mut nbib_strong = false;
    let mut bib = false;
    // An entry's head before any tag: BibTeX, whatever its fields' lines.
    let mut bib_first = false;
    let mut refer_tags = 0usize;
    for (n, line) in text.lines().take(5000).enumerate() {
        let line = line.trim_start_matches('\u{feff}').trim_end_matches('\r');
        if !bib_first && ris::tag_line(line).is_some_and(|(t, _)| t == "TY") {
            return Some(Format::Ris);
        }
        if !bib_first && n < 200 && refworks::type_line(line) {
            return Some(Format::RefWorks);
        }
        if let Some(tag) = nbib::tag_of(line) {
            nbib_tags += 1;
            nbib_strong |= nbib::is_medline_tag(tag);
        }
        if refer::tag_line(line).is_some() {
            refer_tags += 1;
        }
        let t = line.trim_start();
        if let Some(rest) = t.strip_prefix('@') {
            let word = rest
                .trim_start()
                .trim_start_matches(|c: char| c.is_ascii_alphanumeric() || c == '_');
            if word.len() < rest.trim_start().len() && word.trim_start().starts_with(['{', '(']) {
                bib = true;
            }
            // `@Article,` alone on its line: an entry without brace and key.
            if word.len() + 3 < rest.trim_start().len() && word.trim() == "," {
                bib = true;
            }
        }
        bib_first |= bib && nbib_tags == 0 && refer_tags == 0;
    }
    if nbib_strong && nbib_tags >= 2 && !bib_first {
        Some(Format::Nbib)
    } else if bib {
        Some(Format::Bibtex)
    } else if refer_tags >= 2 || refer::only_tags(start) {
        Some(Format::Refer)
    } else if super::table::looks_like_csv(start) {
        Some(Format::Csv)
    } else if nbib_tags >= 2 {
        Some(Format::Nbib)
    } else {
        None
    }
}

/// Biblioscape, Copac, INSPEC, RePEc NEP and ProQuest, told by their
/// heading or the shape of their tags.
fn tagged_by_shape(start: &str) -> Option<Format> {
    use super::tagged::{biblioscape, copac, inspec, proquest, repec};
    if proquest::looks_like_proquest(start) {
        Some(Format::ProQuest)
    } else if repec::looks_like_repec(start) {
        Some(Format::Repec)
    } else if inspec::looks_like_inspec(start) {
        Some(Format::Inspec)
    } else if biblioscape::looks_like_biblioscape(start) {
        Some(Format::Biblioscape)
    } else if copac::looks_like_copac(start) {
        Some(Format::Copac)
    } else {
        None
    }
}

/// Why a table that is not a reference export was refused, when the text
/// is a table: a header of three or more short columns, and a row under it
/// as wide (an award list's `Cle,CoApplicantName-NomCoApplicant,...`).
pub fn refuse_table(text: &str) -> Option<Refusal> {
    let start = text.trim_start_matches('\u{feff}');
    let first = start.lines().next()?;
    let delim = [b',', b'\t', b';']
        .into_iter()
        .max_by_key(|d| first.bytes().filter(|c| c == d).count())?;
    let mut rows = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delim)
        .from_reader(start.as_bytes())
        .into_records()
        .take(2)
        .filter_map(Result::ok);
    let head = rows.next()?;
    let row = rows.next()?;
    let short = head
        .iter()
        .all(|c| !c.trim().is_empty() && c.chars().count() <= 60);
    if head.len() < 3 || row.len() != head.len() || !short {
        return None;
    }
    let mut columns: Vec<String> = head
        .iter()
        .take(4)
        .map(|c| crate::text::inert_line(c.trim()).chars().take(40).collect())
        .collect();
    if head.len() > 4 {
        columns.push("...".into());
    }
    Some(Refusal::Table(columns.join(", ")))
}

/// Why XML that is not a format read was refused, when it is XML.
pub fn refuse_xml(text: &str) -> Option<Refusal> {
    let start = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    let element = start.starts_with('<') && start[1..].starts_with(|c: char| c.is_alphabetic());
    if !(start.starts_with("<?xml") || element) {
        return None;
    }
    match xml_root(start) {
        Some(root) if xml_format(root).is_none() && !looks_like_marc(start) => Some(
            Refusal::OtherXml(crate::text::inert_line(root).chars().take(60).collect()),
        ),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_without_a_bom_and_gbk_are_told_apart_from_latin1() {
        let le: Vec<u8> = "TY  - JOUR\n"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        assert_eq!(decode_bytes(&le), ("TY  - JOUR\n".into(), Encoding::Utf16));
        let be: Vec<u8> = "TY  - JOUR\n"
            .encode_utf16()
            .flat_map(|u| u.to_be_bytes())
            .collect();
        assert_eq!(decode_bytes(&be).0, "TY  - JOUR\n");
        let (gbk, _, _) = encoding_rs::GBK.encode("TI  - 中文标题研究\n");
        assert_eq!(
            decode_bytes(&gbk),
            ("TI  - 中文标题研究\n".into(), Encoding::Gbk)
        );
        let latin1 = b"TI  - Qualit\xe9 de vie, M\xfcller\n";
        assert_eq!(
            decode_bytes(latin1),
            (
                "TI  - Qualité de vie, Müller\n".into(),
                Encoding::Windows1252
            )
        );
    }

    #[test]
    fn msbib_marc_citavi_cff_and_hayagriva_are_told_by_content() {
        let msbib = "<?xml version=\"1.0\"?>\n<b:Sources xmlns:b=\"http://schemas.openxmlformats.org/officeDocument/2006/bibliography\"><b:Source/></b:Sources>";
        assert_eq!(detect(msbib), Some(Format::MsBib));
        let marc = "<collection xmlns=\"http://www.loc.gov/MARC21/slim\"><record><leader>x</leader></record></collection>";
        assert_eq!(detect(marc), Some(Format::MarcXml));
        let sru = "<zs:searchRetrieveResponse><zs:records><zs:record><record><leader>00864naa</leader><datafield tag=\"245\"/></record></zs:record></zs:records></zs:searchRetrieveResponse>";
        assert_eq!(detect(sru), Some(Format::MarcXml));
        // A bare `<record>` without MARC's fields is still EndNote's.
        assert_eq!(
            detect("<record><titles/></record>"),
            Some(Format::EndnoteXml)
        );
        assert_eq!(
            detect("<CitaviExchangeData Version=\"6.0\"><References/></CitaviExchangeData>"),
            Some(Format::Citavi)
        );
        assert_eq!(
            detect("# c\ncff-version: 1.2.0\ntitle: x\n"),
            Some(Format::Cff)
        );
        assert_eq!(
            detect("# c\nkey:\n    type: Article\n    title: T\n"),
            Some(Format::Hayagriva)
        );
        assert_eq!(
            detect("TY  - JOUR\nTI  - key:\nER  - \n"),
            Some(Format::Ris)
        );
    }

    #[test]
    fn markdown_and_binaries_are_refused() {
        assert_eq!(
            refuse_text("# Notes\n\nsome text\n"),
            Some(Refusal::Markdown)
        );
        assert_eq!(
            refuse_text("---\ntitle: x\n---\nbody\n"),
            Some(Refusal::Markdown)
        );
        assert_eq!(refuse_text("  \n\n"), Some(Refusal::Empty));
        // JabRef's CITATION.cff test files start with a `#` comment: they
        // are named for what they are, not taken for Markdown.
        assert_eq!(
            refuse_text("# This CITATION.cff file was generated\n\ncff-version: 1.2.0\ntitle: x\n"),
            None
        );
        assert_eq!(
            refuse_text("# YAML 1.2\n---\ntest: 123\n...\n"),
            Some(Refusal::OtherYaml)
        );
        assert_eq!(refuse_text("TY  - JOUR\nER  - \n"), None);
        assert!(matches!(
            sniff(b"PK\x03\x04rest"),
            Some(Refusal::Archive(_))
        ));
        assert_eq!(
            xml_root("<?xml version=\"1.0\"?>\n<!DOCTYPE x [ <!ENTITY a \"b\"> ]>\n<xml><records>"),
            Some("xml")
        );
    }
}
