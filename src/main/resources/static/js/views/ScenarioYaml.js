/**
 * Writes a scenario's settings (everything but the driver source) as YAML for the editor, and puts an edited
 * scenario back together (settings + `source: |2` block). Strings go out as JSON strings and lists as JSON flow
 * sequences: JSON is YAML, so nothing needs escaping rules of its own.
 */
export class ScenarioYaml {
  static settings(s) {
    const out = [];
    out.push(`id: ${JSON.stringify(s.id)}`, `title: ${JSON.stringify(s.title)}`, `summary: ${JSON.stringify(s.summary)}`);
    if (s.seed) out.push(`seed: ${JSON.stringify(s.seed)}`);
    out.push(`module: ${JSON.stringify(s.module)}`);
    const modules = Object.entries(s.modules ?? {});
    if (modules.length) {
      out.push('modules:');
      for (const [name, files] of modules) out.push(`  ${JSON.stringify(name)}: ${JSON.stringify(files)}`);
    }
    if (s.tags?.length) out.push(`tags: ${JSON.stringify(s.tags)}`);
    out.push('world:', `  cpus: ${s.world?.cpus ?? 2}`);
    const devices = s.world?.devices ?? [];
    if (devices.length) {
      out.push('  devices:');
      for (const d of devices) {
        const spec = { name: d.name, bus: d.bus };
        if (d.irq != null) spec.irq = d.irq;
        out.push(`    - ${JSON.stringify(spec)}`);
      }
    }
    if (s.explore?.events?.length) {
      out.push('explore:', `  events: ${JSON.stringify(s.explore.events)}`, `  depth: ${s.explore.depth}`);
      if (s.explore.setup) out.push(`  setup: ${JSON.stringify(s.explore.setup)}`);
    }
    if (s.script) out.push(...ScenarioYaml.#block('script', s.script, ''));
    const scripts = Object.entries(s.scripts ?? {});
    if (scripts.length) {
      out.push('scripts:');
      for (const [name, text] of scripts) out.push(...ScenarioYaml.#block(name, text, '  '));
    }
    if (s.lesson) out.push(...ScenarioYaml.#block('lesson', s.lesson, ''));
    return `${out.join('\n')}\n`;
  }

  static #block(key, text, indent) {
    const lines = text.replace(/\n+$/, '').split('\n');
    return [`${indent}${key}: |2`, ...lines.map((l) => (l.length ? `${indent}  ${l}` : ''))];
  }

  /**
   * The whole scenario file from the editor's parts: the settings and the module's files ([[name, text]]), one
   * file as `source:`, several as `sources:` (file name → text).
   */
  static assemble(settings, files) {
    const head = settings.replace(/\n+$/, '');
    if (files.length === 1) return `${head}\n${ScenarioYaml.#block('source', files[0][1], '').join('\n')}\n`;
    const out = [head, 'sources:'];
    for (const [name, text] of files) {
      const key = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(name) ? name : JSON.stringify(name);
      out.push(...ScenarioYaml.#block(key, text, '  '));
    }
    return `${out.join('\n')}\n`;
  }

  /**
   * A scenario's files as [[name, text]]: its `source` as MODULE.c (unless empty and `sources` has a C file), then
   * each of its `sources` (a file of `sources` named MODULE.c is the same file as a non-empty `source`).
   */
  static files(s) {
    const sources = Object.entries(s.sources ?? {});
    const main = `${s.module}.c`;
    const otherC = sources.some(([name]) => name.endsWith('.c'));
    if (!s.source && otherC) return sources;
    return [[main, s.source ?? ''], ...sources.filter(([name]) => name !== main)];
  }

  static blankSettings() {
    return ScenarioYaml.settings({
      id: 'my-driver', title: 'My driver', summary: 'A driver written in the lab.', module: 'my_module',
      world: { cpus: 2, devices: [{ name: 'my_device', bus: 'platform', irq: 17 }] },
      script: 'insmod my_module\nunbind my_device\n',
    });
  }

  static blankSource() {
    return `#include <linux/module.h>
#include <linux/platform_device.h>

struct my_data {
\tint value;
};

static int my_probe(struct platform_device *pdev)
{
\tstruct my_data *d;

\td = devm_kzalloc(&pdev->dev, sizeof(*d), GFP_KERNEL);
\tif (!d)
\t\treturn -ENOMEM;
\tplatform_set_drvdata(pdev, d);
\treturn 0;
}

static int my_remove(struct platform_device *pdev)
{
\treturn 0;
}

static struct platform_driver my_driver = {
\t.probe = my_probe,
\t.remove = my_remove,
\t.driver = {
\t\t.name = "my_device",
\t},
};
module_platform_driver(my_driver);

MODULE_LICENSE("GPL");
`;
  }
}
