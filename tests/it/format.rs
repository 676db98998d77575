//! Every shape of FORMAT.md, each with a fixture of our own.
