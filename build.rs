//! Compiles the bundled example review into the binary.

use std::fs;
use std::path::Path;

fn main() {
    let root = Path::new("data/example");
    println!("cargo:rerun-if-changed=data/example");
    println!("cargo:rerun-if-changed=data/example/studies");
    let mut files = vec!["review.toml".to_string()];
    let mut studies: Vec<String> = fs::read_dir(root.join("studies"))
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .filter_map(|e| e.file_name().to_str().map(String::from))
                .filter(|n| n.ends_with(".toml") && !n.starts_with('.'))
                .map(|n| format!("studies/{n}"))
                .collect()
        })
        .unwrap_or_default();
    studies.sort();
    files.extend(studies);
    let manifest = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default();
    let mut out = String::from("static EXAMPLE_FILES: &[(&str, &str)] = &[\n");
    for f in &files {
        println!("cargo:rerun-if-changed=data/example/{f}");
        out.push_str(&format!(
            "    ({f:?}, include_str!({:?})),\n",
            Path::new(&manifest).join(root).join(f)
        ));
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap_or_default()).join("example_files.rs");
    if let Err(e) = fs::write(&dest, out) {
        panic!("cannot write {}: {e}", dest.display());
    }
}
