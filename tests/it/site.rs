//! Whole fixture sites, built and checked as users see them.
