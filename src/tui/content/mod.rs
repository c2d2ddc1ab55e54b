//! What the scrollable screens say, as lines for a width: the views draw
//! them, and the layout measures them to know how far they scroll.

pub mod detail;
pub mod help;
pub mod history;
pub mod pager;
