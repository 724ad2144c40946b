"""Development and measurement tooling, outside the runtime library: the sample generator
(lab.sample), the accuracy and speed benchmarks (lab.bench, lab.speed) and their scorer
(lab.scoring). lab may import zhengchai and flows; zhengchai never imports lab."""
