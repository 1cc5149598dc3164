//! `cargo bench`: how much slower (or faster) pyl is than CPython, per program.
//!
//! Each `benches/programs/<name>.pyl` runs under pyl and under the real
//! CPython binary, alternately, for `PYL_BENCH_ROUNDS` rounds (default 5),
//! so that a slow moment of the machine hits both alike. Both must print the
//! same output. The table shows the median wall-clock seconds of each and the
//! median of the per-round ratios pyl / CPython (below 1.0: pyl is faster).
//!
//! `cargo bench -- fib` runs only the programs whose name contains `fib`;
//! flags such as the `--bench` cargo passes are ignored.
//!
//! CPython is timed as the binary `sys.executable` names, not through the
//! `python3` on the PATH: on these machines that is a pyenv shim that adds
//! ~95 ms to every start and would flatter pyl.

#[path = "../tests/support/process.rs"]
mod process;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The pyl binary cargo built for this run.
const PYL: &str = env!("CARGO_BIN_EXE_pyl");

/// A benchmark program that runs longer than this is stopped as hung.
const TIMEOUT: Duration = Duration::from_secs(300);

/// The measurements of one program.
struct Measurement {
    name: String,
    pyl_seconds: Vec<f64>,
    python_seconds: Vec<f64>,
}

fn main() {
    let filter = std::env::args()
        .skip(1)
        .find(|argument| !argument.starts_with('-'));
    let programs = find_programs(filter.as_deref());
    let python = process::cpython();
    if python.is_none() {
        eprintln!("python3 not found: timing pyl alone");
    }
    let rounds = rounds();
    eprintln!("{} programs, {rounds} rounds each", programs.len());
    let mut failures = 0;
    print_header();
    for program in &programs {
        match measure(program, python, rounds) {
            Ok(measurement) => print_row(&measurement),
            Err(message) => {
                failures += 1;
                println!("{:<16} FAILED: {message}", program_name(program));
            }
        }
    }
    if failures > 0 {
        std::process::exit(1);
    }
}

/// The number of rounds, from `PYL_BENCH_ROUNDS` (default 5).
fn rounds() -> usize {
    std::env::var("PYL_BENCH_ROUNDS")
        .ok()
        .and_then(|text| text.parse().ok())
        .filter(|&rounds| rounds > 0)
        .unwrap_or(5)
}

/// The `.pyl` files in `benches/programs` whose name contains `filter`, sorted.
fn find_programs(filter: Option<&str>) -> Vec<PathBuf> {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/programs");
    let mut programs: Vec<PathBuf> = std::fs::read_dir(&folder)
        .map(|entries| entries.flatten().map(|entry| entry.path()).collect())
        .unwrap_or_default();
    programs.retain(|path| path.extension().is_some_and(|extension| extension == "pyl"));
    programs.retain(|path| filter.is_none_or(|filter| program_name(path).contains(filter)));
    programs.sort();
    programs
}

fn program_name(path: &Path) -> String {
    path.file_stem()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned()
}

/// Runs `program` under pyl and CPython alternately, checking they agree.
fn measure(program: &Path, python: Option<&str>, rounds: usize) -> Result<Measurement, String> {
    let mut measurement = Measurement {
        name: program_name(program),
        pyl_seconds: Vec::new(),
        python_seconds: Vec::new(),
    };
    for _ in 0..rounds {
        let (pyl_output, pyl_time) = time_run(PYL, program)?;
        measurement.pyl_seconds.push(pyl_time);
        if let Some(python) = python {
            let (python_output, python_time) = time_run(python, program)?;
            measurement.python_seconds.push(python_time);
            if pyl_output != python_output {
                return Err(format!(
                    "output differs: pyl {pyl_output:?}, CPython {python_output:?}"
                ));
            }
        }
    }
    Ok(measurement)
}

/// Runs one program once; returns its stdout and the seconds it took.
fn time_run(interpreter: &str, program: &Path) -> Result<(String, f64), String> {
    let directory = program.parent().unwrap_or(Path::new("."));
    let path = program.to_string_lossy();
    let started = Instant::now();
    let run = process::run_program(interpreter, &[&path], directory, "", TIMEOUT)?;
    let seconds = started.elapsed().as_secs_f64();
    if run.status != Some(0) {
        let status = run.describe_status();
        return Err(format!(
            "{interpreter} exited with {status}: {}",
            run.stderr_last_line()
        ));
    }
    Ok((run.stdout, seconds))
}

/// The middle value (the mean of the two middle ones for an even count).
fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let middle = sorted.len() / 2;
    if sorted.len().is_multiple_of(2) {
        (sorted[middle - 1] + sorted[middle]) / 2.0
    } else {
        sorted[middle]
    }
}

fn print_header() {
    println!(
        "{:<16} {:>10} {:>11} {:>14}",
        "program", "pyl (s)", "python3 (s)", "pyl / python3"
    );
}

/// One table row; the ratio is the median of the per-round ratios.
fn print_row(measurement: &Measurement) {
    let pyl = median(&measurement.pyl_seconds);
    if measurement.python_seconds.is_empty() {
        println!(
            "{:<16} {pyl:>10.3} {:>11} {:>14}",
            measurement.name, "-", "-"
        );
        return;
    }
    let python = median(&measurement.python_seconds);
    let ratios: Vec<f64> = measurement
        .pyl_seconds
        .iter()
        .zip(&measurement.python_seconds)
        .map(|(a, b)| a / b)
        .collect();
    println!(
        "{:<16} {pyl:>10.3} {python:>11.3} {:>14.2}",
        measurement.name,
        median(&ratios)
    );
}
