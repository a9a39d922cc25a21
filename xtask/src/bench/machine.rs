//! What the figures were measured on: they only mean something next to the machine.

use std::process::Command;

pub fn describe() -> String {
    let cores = std::thread::available_parallelism().map_or(0, usize::from);
    let memory = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|t| t.lines().find(|l| l.starts_with("MemTotal:")).map(|l| l.split_whitespace().nth(1).unwrap_or("0").to_string()))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or_else(|| "unknown".to_string(), |kb| format!("{:.1} GiB", kb / 1024.0 / 1024.0));
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|t| t.lines().find(|l| l.starts_with("model name")).and_then(|l| l.split_once(':')).map(|(_, v)| v.trim().to_string()))
        .unwrap_or_else(|| "unknown".to_string());
    let rustc = output("rustc", &["--version"]);
    let date = output("date", &["-u", "+%Y-%m-%d %H:%M UTC"]);
    format!("- machine: {cores} cores (`nproc`), {memory} memory, {cpu}\n- toolchain: {rustc}\n- date: {date}\n")
}

fn output(program: &str, args: &[&str]) -> String {
    Command::new(program)
        .args(args)
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map_or_else(|| "unknown".to_string(), |o| String::from_utf8_lossy(&o.stdout).trim().to_string())
}
