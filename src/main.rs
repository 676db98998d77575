fn main() {
    let root = std::path::Path::new(".");
    let paths: Vec<std::path::PathBuf> = std::env::args().skip(1).map(Into::into).collect();
    let loaded = gazette::load::load_paths(root, &paths, &Default::default());
    for a in &loaded.articles {
        println!("{:#?}", a);
    }
    for p in &loaded.problems {
        println!("{p}");
    }
}
