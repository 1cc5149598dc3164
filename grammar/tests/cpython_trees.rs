//! Compares pyl's trees and spans with CPython's own, via `ast_dump.py`,
//! on the sample programs in `tests/samples/`. Skipped (with a message)
//! when `python3` is not installed.

use std::path::Path;
use std::process::Command;

#[test]
fn samples_match_cpython_ast() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let samples = std::fs::read_dir(dir.join("samples")).expect("tests/samples exists");
    for entry in samples {
        let path = entry.expect("readable directory").path();
        let Ok(output) = Command::new("python3")
            .arg(dir.join("ast_dump.py"))
            .arg(&path)
            .output()
        else {
            eprintln!("skipped: python3 is not available to dump CPython's tree");
            return;
        };
        assert!(output.status.success(), "CPython rejects {path:?}");
        let source = std::fs::read_to_string(&path).expect("readable sample");
        let module =
            pyl_grammar::parse_module(&source).unwrap_or_else(|e| panic!("{path:?}: {e:?}"));
        let ours = pyl_grammar::dump_module(&module, &source);
        let theirs = String::from_utf8_lossy(&output.stdout);
        for (line, (a, b)) in ours.lines().zip(theirs.lines()).enumerate() {
            assert_eq!(a, b, "{path:?}, top-level statement {}", line + 1);
        }
        assert_eq!(ours.lines().count(), theirs.lines().count(), "{path:?}");
    }
}
