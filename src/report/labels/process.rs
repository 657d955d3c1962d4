//! The words of the process tables (`reorg process`, and `reorg run` when a
//! scenario has `[[process]]`), in English and Chinese. A field of
//! [`Words`](super::Words); kept in its own file so that `labels.rs` stays
//! one concern a screen can hold. `{name}` marks a value filled in.

/// Every fixed phrase of the process tables.
#[derive(Debug, serde::Serialize)]
pub struct ProcessWords {
    /// The intro after `reorg VERSION: `.
    pub intro: &'static str,
    /// When the scenario has no `[[process]]`.
    pub none: &'static str,
    /// The rules of a process: `{days}` hand-off days, `{form}`, `{parallel}`.
    pub rules: &'static str,
    /// "one form per unit" (一表制)
    pub one_form: &'static str,
    /// "one application per step"
    pub per_step: &'static str,
    /// No parallel rule.
    pub parallel_none: &'static str,
    /// A unit's own steps in parallel.
    pub parallel_within_unit: &'static str,
    /// Every step in parallel (全并联).
    pub parallel_all: &'static str,
    /// "working days (critical path)"
    pub working_days: &'static str,
    /// "steps on the critical path"
    pub critical_steps: &'static str,
    /// "steps"
    pub steps: &'static str,
    /// "units (one seal each)"
    pub units: &'static str,
    /// "hand-offs between units"
    pub handoffs: &'static str,
    /// "applications"
    pub submissions: &'static str,
    /// "materials submitted"
    pub materials_submitted: &'static str,
    /// "distinct materials"
    pub materials_distinct: &'static str,
    /// "critical path" (title after the process id)
    pub critical_path: &'static str,
    /// Title of the steps table after the process's name.
    pub steps_title: &'static str,
    /// "step"
    pub step: &'static str,
    /// "owner today"
    pub owner_today: &'static str,
    /// "owner after"
    pub owner_after: &'static str,
    /// "days"
    pub days: &'static str,
    /// "ends" (a step with no owner after the reform)
    pub ends: &'static str,
    /// "process"
    pub process: &'static str,
    /// "saved" (working days, before minus after)
    pub saved: &'static str,
    /// "min"
    pub min: &'static str,
    /// "max"
    pub max: &'static str,
    /// Title of the spread table.
    pub spread_title: &'static str,
    /// Intro of the spread: `{seed}`, `{runs}`, `{version}`.
    pub spread_intro: &'static str,
    /// After a process id whose durations are all fixed.
    pub fixed: &'static str,
}

/// English: the phrases the tables have always shown.
pub const EN: ProcessWords = ProcessWords {
    intro: "each process before → after the reform, with typical durations (fixed or most likely), in working days.",
    none: "The scenario describes no process (`[[process]]`).",
    rules: "a hand-off waits {days} days; after the reform {form}, {parallel}.",
    one_form: "one form per unit",
    per_step: "one application per step",
    parallel_none: "no parallel rule",
    parallel_within_unit: "a unit's own steps in parallel",
    parallel_all: "every step in parallel unless required (全并联)",
    working_days: "working days (critical path)",
    critical_steps: "steps on the critical path",
    steps: "steps",
    units: "units (one seal each)",
    handoffs: "hand-offs between units",
    submissions: "applications",
    materials_submitted: "materials submitted",
    materials_distinct: "distinct materials",
    critical_path: "critical path",
    steps_title: "steps (start–finish in working days; * on the critical path)",
    step: "step",
    owner_today: "owner today",
    owner_after: "owner after",
    days: "days",
    ends: "ends",
    process: "process",
    saved: "saved",
    min: "min",
    max: "max",
    spread_title: "Working days over the runs",
    spread_intro: "Seed {seed}, {runs} runs, reorg {version}: working days drawn from each step's three-point estimate (fixed durations do not vary).",
    fixed: "every duration is fixed, so every run gives the same days.",
};

/// Simplified Chinese.
pub const ZH: ProcessWords = ProcessWords {
    intro: "各事项改革前 → 改革后的办理流程，按典型时长（固定值或最可能值）计，单位为工作日。",
    none: "该方案未描述办事流程（`[[process]]`）。",
    rules: "每次部门间交接等待 {days} 个工作日；改革后{form}，{parallel}。",
    one_form: "每个机构一张表单（一表申请）",
    per_step: "每个环节单独申请",
    parallel_none: "不设并联规则",
    parallel_within_unit: "同一机构内的环节并联办理",
    parallel_all: "除有前置要求外全部环节并联办理（全并联）",
    working_days: "办理时长（关键路径，工作日）",
    critical_steps: "关键路径环节数",
    steps: "环节数",
    units: "经办机构数（各盖一个章）",
    handoffs: "机构间交接次数",
    submissions: "申请次数",
    materials_submitted: "提交材料份数",
    materials_distinct: "不同材料种数",
    critical_path: "关键路径",
    steps_title: "办理环节（起止为第几个工作日；* 为关键路径）",
    step: "环节",
    owner_today: "现经办机构",
    owner_after: "改革后经办机构",
    days: "工作日",
    ends: "取消",
    process: "事项",
    saved: "节省",
    min: "最小值",
    max: "最大值",
    spread_title: "多次模拟的办理时长（工作日）",
    spread_intro: "随机种子 {seed}，{runs} 次运行，reorg {version}：各环节时长按三点估计随机抽取（固定时长不变）。",
    fixed: "所有环节时长固定，每次运行结果相同。",
};
