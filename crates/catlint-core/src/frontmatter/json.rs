use super::{Limits, Node, ParseError};
pub(crate) fn parse(_text: &str, _base: usize, _limits: &Limits) -> Result<Node, ParseError> {
    todo!("json")
}
