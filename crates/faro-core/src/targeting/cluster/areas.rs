//! Each area's candidates in the best-first order, with the sums the area choices need.

use super::super::table::Table;

/// Positions (in the best-first order) of each area's candidates, ascending, with their
/// probabilities and running sums of them, stored contiguously for the pricing's bisection.
pub(super) struct Areas {
    /// Area of each position.
    pub(super) of_position: Vec<u32>,
    start: Vec<usize>,
    positions: Vec<usize>,
    probabilities: Vec<f64>,
    running: Vec<f64>,
}

impl Areas {
    pub(super) fn new(table: &Table<'_>, order: &[u32], order_p: Vec<f64>) -> Self {
        let n_areas = table.area_names.len();
        let of_position: Vec<u32> = order.iter().map(|&row| table.area[row as usize]).collect();
        let mut start = vec![0usize; n_areas + 1];
        for &a in &of_position {
            start[a as usize + 1] += 1;
        }
        for a in 0..n_areas {
            start[a + 1] += start[a];
        }
        let mut fill = start.clone();
        let mut positions = vec![0usize; order.len()];
        let mut probabilities = vec![0.0; order.len()];
        for (pos, &a) in of_position.iter().enumerate() {
            let a = a as usize;
            positions[fill[a]] = pos;
            probabilities[fill[a]] = order_p[pos];
            fill[a] += 1;
        }
        let mut running = vec![0.0; order.len()];
        for a in 0..n_areas {
            let mut sum = 0.0;
            for i in start[a]..start[a + 1] {
                sum += probabilities[i];
                running[i] = sum;
            }
        }
        Self {
            of_position,
            start,
            positions,
            probabilities,
            running,
        }
    }

    pub(super) fn count(&self) -> usize {
        self.start.len() - 1
    }

    pub(super) fn positions(&self, area: usize) -> &[usize] {
        &self.positions[self.start[area]..self.start[area + 1]]
    }

    pub(super) fn probabilities(&self, area: usize) -> &[f64] {
        &self.probabilities[self.start[area]..self.start[area + 1]]
    }

    /// Sum of the area's best `x` probabilities.
    pub(super) fn best_sum(&self, area: usize, x: usize) -> f64 {
        if x == 0 {
            0.0
        } else {
            self.running[self.start[area] + x - 1]
        }
    }
}
