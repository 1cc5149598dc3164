//! Prints the AST of a file, or its syntax error the way CPython would:
//! `cargo run -p pyl-grammar --example parse -- [--dump] script.pyl` (`-`
//! or no file reads standard input). `--dump` prints the compact one-line
//! form of `dump.rs` instead of Rust's debug form.

use std::io::Read;

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let compact = args.first().is_some_and(|a| a == "--dump");
    if compact {
        args.remove(0);
    }
    let path = args.first().cloned().unwrap_or_else(|| "-".to_string());
    let mut source = String::new();
    let read = if path == "-" {
        std::io::stdin().read_to_string(&mut source).map(|_| ())
    } else {
        std::fs::read_to_string(&path).map(|text| source = text)
    };
    if let Err(error) = read {
        eprintln!("cannot read {path}: {error}");
        std::process::exit(2);
    }
    match pyl_grammar::parse_module(&source) {
        Ok(module) if compact => print!("{}", pyl_grammar::dump_module(&module, &source)),
        Ok(module) => println!("{:#?}", module.body),
        Err(error) => {
            let line = source[..error.span.start.min(source.len())]
                .matches('\n')
                .count()
                + 1;
            println!("line {line}: {}: {}", error.class_name(), error.message);
            std::process::exit(1);
        }
    }
}
