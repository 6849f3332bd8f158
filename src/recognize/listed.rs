//! The problems and improvements listed in section five.

use crate::model::ListedIssue;

pub fn listed_issues(body: &str) -> Vec<ListedIssue> {
    todo!("{body}")
}
