//! Compiles `config/antigens.tsv` and `config/diseases.tsv(.gz)` into the dictionary tables the
//! binary borrows at start-up (`$OUT_DIR/antigens.dict`, `$OUT_DIR/diseases.dict`), with the
//! same parser `Vocabulary::from_dir` uses at run time; a bad line fails the build with its
//! file and line.

#[allow(dead_code, unreachable_pub)]
#[path = "src/dictionary.rs"]
mod dictionary;

use std::io::Read;
use std::path::{Path, PathBuf};

type Parse = fn(&str, &str) -> Result<dictionary::Dictionary, dictionary::LineError>;

/// The file's name and text: `NAME` if present, else `NAME.gz` decompressed.
fn read(config: &Path, name: &str) -> (String, String) {
    let plain = config.join(name);
    if plain.exists() {
        let text = std::fs::read_to_string(&plain).unwrap_or_else(|e| panic!("{}: {e}", plain.display()));
        return (name.to_string(), text);
    }
    let gz = config.join(format!("{name}.gz"));
    let bytes = std::fs::read(&gz).unwrap_or_else(|e| panic!("{}: {e}", gz.display()));
    let mut text = String::new();
    flate2::read::GzDecoder::new(&bytes[..])
        .read_to_string(&mut text)
        .unwrap_or_else(|e| panic!("{}: {e}", gz.display()));
    (format!("{name}.gz"), text)
}

fn main() {
    let config = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../config");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    println!("cargo:rerun-if-changed=src/dictionary.rs");
    let parsers: [(&str, Parse); 2] =
        [("antigens.tsv", dictionary::parse_antigens), ("diseases.tsv", dictionary::parse_diseases)];
    for (name, parse) in parsers {
        for file in [name.to_string(), format!("{name}.gz")] {
            if config.join(&file).exists() {
                println!("cargo:rerun-if-changed=../../config/{file}");
            }
        }
        let (file, text) = read(&config, name);
        let dict =
            parse(&file, &text).unwrap_or_else(|e| panic!("config/{}:{}: {}", e.file, e.line, e.message));
        let target = out.join(name.replace(".tsv", ".dict"));
        std::fs::write(&target, dict.to_bytes()).unwrap_or_else(|e| panic!("{}: {e}", target.display()));
    }
}
