//! Library modules written in pyl itself, compiled into the binary (as
//! CPython's `Lib/` holds the modules that read best in Python). `import`
//! runs one of these the first time a script asks for it.

/// The modules and their pyl source.
const MODULES: &[(&str, &str)] = &[
    ("collections", include_str!("lib/collections.pyl")),
    ("functools", include_str!("lib/functools.pyl")),
    ("itertools", include_str!("lib/itertools.pyl")),
];

/// The source of the embedded module `name`, if there is one.
pub fn source(name: &str) -> Option<&'static str> {
    MODULES
        .iter()
        .find(|(module, _)| *module == name)
        .map(|(_, source)| *source)
}
