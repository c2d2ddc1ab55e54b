//! Line-tagged reference formats: a tag, then the value, one field per line
//! (continuation lines indented or untagged). RIS, PubMed/MEDLINE, Web of
//! Science, RefWorks, Refer/EndNote (`%A`), Ovid, Biblioscape, Copac and
//! INSPEC each spell their tags their own way; RePEc NEP digests and
//! ProQuest's text export label their fields with words.

pub mod biblioscape;
pub mod blocks;
pub mod copac;
pub mod inspec;
pub mod nbib;
pub mod ovid;
pub mod proquest;
pub mod refer;
pub mod refworks;
pub mod repec;
pub mod ris;
pub mod wos;
