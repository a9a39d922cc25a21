use super::*;

/// Every reference goes to the same crate or an earlier one: the crates are a DAG.
fn assert_dag(edges: &[Vec<usize>], p: &Partition) {
    for (t, out) in edges.iter().enumerate() {
        for d in out {
            assert!(p.of_type[*d] <= p.of_type[t], "type {t} (crate {}) references {d} (crate {})", p.of_type[t], p.of_type[*d]);
        }
    }
    for (k, types) in p.crates.iter().enumerate() {
        assert!(!types.is_empty(), "crate {k} is empty");
        assert!(types.windows(2).all(|w| w[0] < w[1]));
        assert!(types.iter().all(|t| p.of_type[*t] == k));
    }
}

#[test]
fn components_are_found_each_after_what_it_reaches() {
    // 0 → 1 → 2 → 0 (a cycle), 2 → 3, 3 → 3 (self), 4 → 0, 5 alone.
    let edges = vec![vec![1], vec![2], vec![0, 3], vec![3], vec![0], vec![]];
    let (of, comps) = components(&edges);
    assert_eq!(of[0], of[1]);
    assert_eq!(of[1], of[2]);
    assert_ne!(of[2], of[3]);
    assert!(of[3] < of[0], "a component comes after what it reaches");
    assert!(of[0] < of[4]);
    assert_eq!(comps.iter().map(Vec::len).sum::<usize>(), 6);
    assert!(comps.contains(&vec![0, 1, 2]));
}

#[test]
fn cycles_stay_in_one_crate_and_crates_form_a_dag() {
    // 40 cycles of 25 types, each cycle referencing the one before it.
    let n = 1_000;
    let edges: Vec<Vec<usize>> = (0..n)
        .map(|t| {
            let next = if t % 25 == 24 { t - 24 } else { t + 1 };
            let mut e = vec![next];
            if t >= 25 && t % 25 == 0 {
                e.push(t - 25);
            }
            e
        })
        .collect();
    let p = partition(&edges, &vec![10; n], &vec![None; n], 2_000);
    assert_dag(&edges, &p);
    for cycle in 0..40 {
        let k = p.of_type[cycle * 25];
        assert!((cycle * 25..cycle * 25 + 25).all(|t| p.of_type[t] == k), "cycle {cycle} is split");
    }
    // A chain fills one crate of each layer up to a quarter past the target.
    assert!(p.crates.iter().all(|c| c.len() * 10 <= 2_500 + 250), "{:?}", p.crates.iter().map(Vec::len).collect::<Vec<_>>());
    assert!(p.crates.len() >= 4, "{} crates", p.crates.len());
}

#[test]
fn sizes_are_balanced() {
    // 2,000 independent types of weight 5 to 14, and 500 that each reference four of them.
    let n = 2_500;
    let edges: Vec<Vec<usize>> =
        (0..n).map(|t| if t < 2_000 { vec![] } else { (0..4).map(|i| (t * 7 + i * 131) % 2_000).collect() }).collect();
    let weights: Vec<usize> = (0..n).map(|t| 5 + t % 10).collect();
    let total: usize = weights.iter().sum();
    let target = total / 6;
    let p = partition(&edges, &weights, &vec![None; n], target);
    assert_dag(&edges, &p);
    let sizes: Vec<usize> = p.crates.iter().map(|c| c.iter().map(|t| weights[*t]).sum()).collect();
    assert!(sizes.iter().all(|s| *s <= target + target / 4 + 14), "{sizes:?} (target {target})");
    assert!(p.crates.len() <= 12, "{sizes:?}");
}

#[test]
fn a_groups_own_types_go_apart_from_the_shared_ones() {
    // 0..100 shared (groups 0 and 1), 100..200 group 0 only, 200..300 group 1 only; each
    // group's types reference shared ones.
    let n = 300;
    let edges: Vec<Vec<usize>> = (0..n).map(|t| if t >= 100 { vec![t % 100] } else { vec![] }).collect();
    let gates: Vec<Option<Vec<usize>>> =
        (0..n).map(|t| Some(if t < 100 { vec![0, 1] } else if t < 200 { vec![0] } else { vec![1] })).collect();
    let p = partition(&edges, &vec![10; n], &gates, 1_000);
    assert_dag(&edges, &p);
    let shared: std::collections::BTreeSet<usize> = (0..100).map(|t| p.of_type[t]).collect();
    let own: std::collections::BTreeSet<usize> = (100..300).map(|t| p.of_type[t]).collect();
    assert!(shared.is_disjoint(&own), "{shared:?} {own:?}");
    // Each group alone weighs the target: a crate each.
    assert_ne!(p.of_type[100], p.of_type[200]);
}

#[test]
fn a_group_type_an_outsider_references_is_shared() {
    // 0 is shared and references 1 (an expansion, say), which only group 0 reaches.
    let edges = vec![vec![1], vec![], vec![0]];
    let gates = vec![Some(vec![0, 1]), Some(vec![0]), Some(vec![1])];
    let p = partition(&edges, &[1, 1, 1], &gates, 1);
    assert_dag(&edges, &p);
}

#[test]
fn the_partition_is_deterministic() {
    let n = 3_000;
    let edges: Vec<Vec<usize>> = (0..n).map(|t| vec![(t * 31 + 7) % n, (t * 17 + 3) % n]).collect();
    let gates: Vec<Option<Vec<usize>>> = (0..n).map(|t| (t % 3 != 0).then(|| vec![t % 4])).collect();
    let weights: Vec<usize> = (0..n).map(|t| 1 + t % 9).collect();
    let a = partition(&edges, &weights, &gates, 2_000);
    let b = partition(&edges, &weights, &gates, 2_000);
    assert_eq!(a, b);
    assert_dag(&edges, &a);
}

#[test]
fn a_long_chain_is_neither_recursive_nor_quadratic() {
    // 200,000 types, each referencing the next: deep enough to overflow a recursive DFS.
    let n = 200_000;
    let edges: Vec<Vec<usize>> = (0..n).map(|t| if t + 1 < n { vec![t + 1] } else { vec![] }).collect();
    let started = std::time::Instant::now();
    let p = partition(&edges, &vec![1; n], &vec![None; n], 20_000);
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
    assert_dag(&edges, &p);
    assert!(p.crates.len() >= 8, "{}", p.crates.len());
    // And one cycle through all of them stays one crate.
    let edges: Vec<Vec<usize>> = (0..n).map(|t| vec![(t + 1) % n]).collect();
    let p = partition(&edges, &vec![1; n], &vec![None; n], 20_000);
    assert_eq!(p.crates.len(), 1);
}

#[test]
fn references_out_of_range_are_ignored() {
    let edges = vec![vec![7], vec![0]];
    let p = partition(&edges, &[1], &[], 1);
    assert_eq!(p.of_type.len(), 2);
}

#[test]
fn the_layout_applies_by_size_unless_forced() {
    assert!(!Layout::Auto.applies(CRATES_FROM - 1));
    assert!(Layout::Auto.applies(CRATES_FROM));
    assert!(Layout::Forced(true).applies(3));
    assert!(!Layout::Forced(false).applies(100_000));
}
