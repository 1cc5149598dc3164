//! Build script: turns `src/pyl.lalrpop` into the LR(1) parser `pyl.rs`
//! in `$OUT_DIR`, where `parse.rs` includes it with `lalrpop_mod!`.

fn main() {
    let result = lalrpop::Configuration::new()
        .use_cargo_dir_conventions()
        .emit_rerun_directives(true)
        .process();
    if let Err(error) = result {
        eprintln!("lalrpop failed: {error}");
        std::process::exit(1);
    }
}
