//! Line-tagged reference formats: a tag, then the value, one field per line
//! (continuation lines indented or untagged). RIS, PubMed/MEDLINE, Web of
//! Science, RefWorks, Refer/EndNote (`%A`) and Ovid each spell their tags
//! their own way.

pub mod nbib;
pub mod ovid;
pub mod refer;
pub mod refworks;
pub mod ris;
pub mod wos;
