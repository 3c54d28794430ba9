//! Helpers shared by the black-box test files.

use std::io::Write;
use std::path::Path;

/// Says that a test needing `../shared` (the checked corpus and the reference scorer) cannot
/// run, and returns true so the test can stop. The note goes straight to stderr, past the
/// harness's capture, so it shows in CI's log; under CI (`CI=true`) the corpus is expected
/// and its absence fails the test instead.
pub(crate) fn skip_without(what: &Path, why: &str) -> bool {
    if what.exists() {
        return false;
    }
    let message = format!("SKIPPED: {} is absent ({why})", what.display());
    if std::env::var("CI").is_ok_and(|v| v == "true" || v == "1") {
        panic!("{message}; CI expects it");
    }
    let _ = writeln!(std::io::stderr(), "{message}");
    true
}
