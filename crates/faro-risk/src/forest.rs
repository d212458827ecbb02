//! A flat copy of the booster's trees for fast scoring.
//!
//! The booster keeps each tree as a hash map of nodes and predicts one tree at a time over all
//! rows, allocating a vector per tree. Scoring millions of rows instead walks every tree for one
//! row at a time over nodes stored in one array, reading the encoded columns in place, and
//! splits the rows among threads. The arithmetic is the booster's, in the same order, so the
//! log-odds are bit-for-bit those of `PerpetualBooster::predict` (a test checks it).

use perpetual::PerpetualBooster;

/// One node of the flat forest (32 bytes).
#[derive(Debug, Clone)]
struct FlatNode {
    /// Leaf value for leaves; split threshold (left when `x < threshold`) otherwise.
    value: f64,
    /// Feature (matrix column) tested.
    feature: u32,
    /// Children, as indices into the node array.
    left: u32,
    right: u32,
    missing: u32,
    /// Index into the category ranges for categorical splits, `u32::MAX` otherwise.
    cats: u32,
    leaf: bool,
}

/// The booster's trees flattened for scoring.
#[derive(Debug, Clone, Default)]
pub struct FlatForest {
    base: f64,
    nodes: Vec<FlatNode>,
    /// Index of each tree's root.
    roots: Vec<u32>,
    /// Ranges into `cat_bits` of each categorical split.
    cat_ranges: Vec<(u32, u32)>,
    cat_bits: Vec<u8>,
}

/// Rows scored together: each tree is walked for the whole block while its nodes are in cache.
const BLOCK: usize = 256;

impl FlatForest {
    /// Flattens `booster`. Node references that do not resolve (never produced by the booster)
    /// become leaves worth 0 instead of panicking.
    pub fn from_booster(booster: &PerpetualBooster) -> FlatForest {
        let mut forest = FlatForest {
            base: booster.base_score,
            ..FlatForest::default()
        };
        for tree in booster.get_prediction_trees() {
            let mut ids: Vec<usize> = tree.nodes.keys().copied().collect();
            ids.sort_unstable();
            let offset = forest.nodes.len();
            let position = |id: usize| ids.binary_search(&id).map_or(u32::MAX, |p| (offset + p) as u32);
            forest.roots.push(position(0));
            for id in &ids {
                let Some(node) = tree.nodes.get(id) else { continue };
                let cats = match &node.left_cats {
                    Some(bits) if !node.is_leaf => {
                        let start = forest.cat_bits.len() as u32;
                        forest.cat_bits.extend_from_slice(bits);
                        forest.cat_ranges.push((start, forest.cat_bits.len() as u32));
                        (forest.cat_ranges.len() - 1) as u32
                    }
                    _ => u32::MAX,
                };
                forest.nodes.push(FlatNode {
                    value: if node.is_leaf {
                        f64::from(node.weight_value)
                    } else {
                        node.split_value
                    },
                    feature: u32::try_from(node.split_feature).unwrap_or(u32::MAX),
                    left: position(node.left_child),
                    right: position(node.right_child),
                    missing: position(node.missing_node),
                    cats,
                    leaf: node.is_leaf,
                });
            }
        }
        forest
    }

    /// Number of trees.
    pub fn trees(&self) -> usize {
        self.roots.len()
    }

    fn leaf_value(&self, root: u32, columns: &[&[f64]], row: usize) -> f64 {
        let mut index = root;
        // A tree is finite; the bound only guards against a malformed model looping forever.
        for _ in 0..=self.nodes.len() {
            let Some(node) = self.nodes.get(index as usize) else {
                return 0.0;
            };
            if node.leaf {
                return node.value;
            }
            let x = columns
                .get(node.feature as usize)
                .and_then(|c| c.get(row))
                .copied()
                .unwrap_or(f64::NAN);
            index = if x.is_nan() {
                node.missing
            } else if let Some(&(start, end)) = self.cat_ranges.get(node.cats as usize) {
                let cat = x as usize;
                let bits = self.cat_bits.get(start as usize..end as usize).unwrap_or(&[]);
                match bits.get(cat >> 3) {
                    Some(byte) if (byte >> (cat & 7)) & 1 == 1 => node.left,
                    _ => node.right,
                }
            } else if x < node.value {
                node.left
            } else {
                node.right
            };
        }
        0.0
    }

    /// The log-odds of one row.
    pub fn predict_row(&self, columns: &[&[f64]], row: usize) -> f64 {
        let mut acc = self.base;
        for &root in &self.roots {
            acc += self.leaf_value(root, columns, row);
        }
        acc
    }

    /// Log-odds of rows `start..start + out.len()` into `out`, block by block. Each row still
    /// adds its trees in order, so the sums are the same as [`FlatForest::predict_row`]'s.
    fn predict_into(&self, columns: &[&[f64]], start: usize, out: &mut [f64]) {
        for (b, block) in out.chunks_mut(BLOCK).enumerate() {
            let first = start + b * BLOCK;
            block.iter_mut().for_each(|v| *v = self.base);
            for &root in &self.roots {
                for (offset, acc) in block.iter_mut().enumerate() {
                    *acc += self.leaf_value(root, columns, first + offset);
                }
            }
        }
    }

    /// The log-odds of every row of `columns` (each of length `rows`), on all available cores.
    pub fn predict(&self, columns: &[&[f64]], rows: usize) -> Vec<f64> {
        let mut out = vec![0.0; rows];
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let chunk = rows.div_ceil(threads).max(16 * BLOCK);
        if threads == 1 || rows <= chunk {
            self.predict_into(columns, 0, &mut out);
            return out;
        }
        std::thread::scope(|scope| {
            for (i, part) in out.chunks_mut(chunk).enumerate() {
                scope.spawn(move || self.predict_into(columns, i * chunk, part));
            }
        });
        out
    }
}
