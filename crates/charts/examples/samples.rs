//! Write sample charts with Chinese data to a directory for visual review:
//!
//! ```sh
//! cargo run -p showcase-charts --example samples -- /tmp/charts
//! for f in /tmp/charts/*.svg; do rsvg-convert -z 1.5 "$f" -o "${f%.svg}.png"; done
//! ```

use std::path::PathBuf;

use showcase_charts::{Style, bar_chart, heatmap, histogram, line_chart};

fn s(v: &[&str]) -> Vec<String> {
    v.iter().map(|x| x.to_string()).collect()
}

fn main() -> std::io::Result<()> {
    let dir = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "target/chart-samples".into()),
    );
    std::fs::create_dir_all(&dir)?;
    let style = Style::default();
    let narrow = Style {
        width: 360.0,
        ..Style::default()
    };
    let months: Vec<String> = (1..=12).map(|m| format!("{m}月")).collect();
    let groups = s(&[
        "第一学习小组",
        "第二学习小组",
        "社区治理调研组",
        "乡村振兴实践组",
        "青年理论宣讲团 & 志愿服务队",
    ]);
    let counts = vec![
        vec![2, 1, 3, 2, 0, 1, 2, 2, 3, 1, 2, 4],
        vec![1, 0, 0, 2, 1, 1, 0, 1, 2, 2, 1, 3],
        vec![3, 2, 4, 3, 2, 5, 3, 0, 4, 3, 2, 6],
        vec![0, 0, 1, 1, 0, 2, 1, 1, 0, 1, 1, 2],
        vec![12, 1, 2, 1, 1, 0, 0, 2, 1, 1, 2, 3],
    ];
    let mut out = vec![
        (
            "heatmap",
            heatmap(
                "2025年度各小组月度活动开展情况（次）",
                &groups,
                &months,
                &counts,
                &style,
            ),
        ),
        (
            "heatmap_narrow",
            heatmap("各小组月度活动开展情况", &groups, &months, &counts, &narrow),
        ),
        (
            "heatmap_zero",
            heatmap(
                "各小组月度活动",
                &groups[..2],
                &months,
                &[vec![0; 12], vec![0; 12]],
                &style,
            ),
        ),
    ];

    // Deterministic pseudo-random points.
    let mut x: u64 = 42;
    let points: Vec<f64> = (0..60)
        .map(|_| {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let a = (x >> 33) % 41;
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let b = (x >> 33) % 41;
            (40 + a / 2 + b) as f64
        })
        .collect();
    out.push((
        "histogram",
        histogram(
            "年度积分分布（人数）",
            &points,
            10.0,
            Some((60.0, "合格线")),
            &style,
        ),
    ));
    out.push((
        "histogram_fine",
        histogram(
            "年度积分分布（5 分一档）",
            &points,
            5.0,
            Some((95.0, "优秀线 95")),
            &narrow,
        ),
    ));
    out.push((
        "bar",
        bar_chart(
            "各小组学习任务完成率",
            &groups,
            &[92.5, 85.0, 100.0, 61.0, 78.0],
            "%",
            Some((83.3, "全体平均")),
            &style,
        ),
    ));
    out.push((
        "bar_count",
        bar_chart(
            "各小组开展活动次数",
            &groups,
            &[23.0, 14.0, 37.0, 10.0, 25.0],
            "次",
            None,
            &narrow,
        ),
    ));
    out.push((
        "bar_negative",
        bar_chart(
            "积分同比变化",
            &groups[..4],
            &[12.0, -8.0, 3.5, f64::NAN],
            "分",
            Some((2.0, "平均")),
            &style,
        ),
    ));
    out.push((
        "line",
        line_chart(
            "近三年参训情况对比",
            &s(&["2023年", "2024年", "2025年"]),
            &[
                ("参训人数".to_string(), vec![48.0, 56.0, 63.0]),
                ("结业人数".to_string(), vec![45.0, 55.0, 60.0]),
                ("优秀学员".to_string(), vec![8.0, 11.0, 15.0]),
            ],
            &style,
        ),
    ));
    out.push((
        "line_months",
        line_chart(
            "月度活动次数同比",
            &months,
            &[
                (
                    "2024年".to_string(),
                    vec![5.0, 3.0, 8.0, 9.0, 4.0, 6.0, 7.0, 6.0, 9.0, 8.0, 7.0, 12.0],
                ),
                (
                    "2025年".to_string(),
                    vec![
                        8.0,
                        4.0,
                        10.0,
                        9.0,
                        4.0,
                        9.0,
                        6.0,
                        f64::NAN,
                        10.0,
                        8.0,
                        9.0,
                        18.0,
                    ],
                ),
                (
                    "2023年".to_string(),
                    vec![0.0, 2.0, 5.0, 6.0, 3.0, 4.0, 5.0, 6.0, 7.0, 5.0, 6.0, 9.0],
                ),
            ],
            &style,
        ),
    ));
    out.push((
        "line_narrow",
        line_chart(
            "月度活动次数同比",
            &months,
            &[(
                "2025年".to_string(),
                vec![
                    8.0, 4.0, 10.0, 9.0, 4.0, 9.0, 6.0, 7.0, 10.0, 8.0, 9.0, 18.0,
                ],
            )],
            &narrow,
        ),
    ));
    out.push((
        "empty",
        bar_chart("各小组学习任务完成率", &[], &[], "%", None, &style),
    ));
    // Stress cases: long title, many rotated categories, many series,
    // many bins, long English labels.
    let weeks: Vec<String> = (1..=20).map(|w| format!("第{w}周")).collect();
    let many: Vec<(String, Vec<f64>)> = (0..7)
        .map(|k| {
            (
                format!("第{}期青年干部培训班（{}）", k + 1, 2019 + k),
                (0..20)
                    .map(|i| f64::from((i * (k + 3) + k * 5) % 17 + 1))
                    .collect(),
            )
        })
        .collect();
    out.push((
        "line_stress",
        line_chart(
            "二〇二五年度街道青年干部培训项目各期学员每周学习时长对比（小时），数据来源：培训办公室统计台账",
            &weeks,
            &many,
            &style,
        ),
    ));
    out.push((
        "histogram_stress",
        histogram(
            "Points distribution (bin width 1)",
            &points,
            1.0,
            Some((60.0, "pass mark")),
            &style,
        ),
    ));
    out.push((
        "bar_stress",
        bar_chart(
            "Completion by group",
            &s(&[
                "Community governance research group of the street office",
                "Youth theory lecture team",
                "一",
            ]),
            &[0.0, 1234567.5, 42.0],
            "hours",
            Some((400000.0, "cohort average")),
            &style,
        ),
    ));
    out.push((
        "heatmap_weeks",
        heatmap(
            "各小组每周活动",
            &groups[..3],
            &weeks,
            &[vec![1; 20], vec![0; 20], vec![2; 20]],
            &style,
        ),
    ));
    for (name, svg) in out {
        std::fs::write(dir.join(format!("{name}.svg")), svg)?;
    }
    Ok(())
}
