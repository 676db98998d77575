//! Problems: their severity and how they name the file and line.

use super::*;

#[test]
fn problem_kinds_have_their_severity() {
    for kind in [ProblemKind::LeftOut, ProblemKind::BadKey] {
        assert_eq!(kind.severity(), Severity::Error, "{kind:?}");
    }
    for kind in
        [ProblemKind::DerivedTitle, ProblemKind::UnresolvedRelated, ProblemKind::SlugCollision, ProblemKind::NoTopics]
    {
        assert_eq!(kind.severity(), Severity::Warning, "{kind:?}");
    }
}

#[test]
fn problem_names_the_file_and_line() {
    let problem = left_out(b"Pier\n\nThe fare is \xA32.\n");
    let shown = problem.to_string();
    assert!(shown.starts_with("error: content/a.txt:3: is not valid UTF-8"), "{shown}");
}
