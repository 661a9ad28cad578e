//! One sort for the whole console. Every `sort_by` on a new element type or comparator
//! compiles the standard library's whole stable sort again (~4 KB of wasm each); sorting
//! positions with a `dyn` comparison compiles it once, and keeps the same stable order.

use std::cmp::Ordering;

/// The positions `0..len` in the order `compare` gives them; ties keep their order.
pub fn positions(len: usize, compare: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    sort_positions(&mut order, compare);
    order
}

/// Sorts `order` (positions into something else) by `compare`; ties keep their order.
pub fn sort_positions(order: &mut [usize], compare: &dyn Fn(usize, usize) -> Ordering) {
    order.sort_by(|&a, &b| compare(a, b));
}

/// Sorts `items` by `compare`, stably.
pub fn sort<T>(items: &mut Vec<T>, compare: &dyn Fn(&T, &T) -> Ordering) {
    let order = positions(items.len(), &|a, b| compare(&items[a], &items[b]));
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    items.extend(order.into_iter().filter_map(|i| slots[i].take()));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_are_sorted_stably() {
        let mut items = vec![(2, 'a'), (1, 'b'), (2, 'c'), (0, 'd'), (1, 'e')];
        sort(&mut items, &|a, b| a.0.cmp(&b.0));
        assert_eq!(items, [(0, 'd'), (1, 'b'), (1, 'e'), (2, 'a'), (2, 'c')]);
        let mut empty: Vec<u8> = Vec::new();
        sort(&mut empty, &|a, b| a.cmp(b));
        assert!(empty.is_empty());
    }

    #[test]
    fn positions_follow_the_comparison() {
        let values = [30, 10, 20];
        assert_eq!(positions(3, &|a, b| values[a].cmp(&values[b])), [1, 2, 0]);
    }
}
