#!/usr/bin/env python3
"""Renders chat-cases.json with Qwen3's chat template, and ../dialect/cases.json with ../dialect/template.jinja, the way transformers' apply_chat_template does
(transformers v4.57 utils/chat_template_utils.py: ImmutableSandboxedEnvironment, trim_blocks, lstrip_blocks,
loopcontrols, its tojson and raise_exception, the tokenizer's special tokens as variables) and writes
goldens/<name>.txt (../dialect/goldens/<name>.txt). Run from this folder: python3 make_goldens.py (jinja2 3.1.x)."""
import json
import os
from jinja2 import nodes
from jinja2.exceptions import TemplateError
from jinja2.ext import Extension, loopcontrols
from jinja2.sandbox import ImmutableSandboxedEnvironment


def raise_exception(message):
    raise TemplateError(message)


def tojson(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False):
    return json.dumps(x, ensure_ascii=ensure_ascii, indent=indent, separators=separators, sort_keys=sort_keys)


class AssistantTracker(Extension):
    """transformers' {% generation %} block, not tracking: renders its body unchanged."""
    tags = {"generation"}

    def parse(self, parser):
        lineno = next(parser.stream).lineno
        body = parser.parse_statements(["name:endgeneration"], drop_needle=True)
        return nodes.CallBlock(self.call_method("_generation_support"), [], [], body).set_lineno(lineno)

    def _generation_support(self, caller):
        return caller()


def environment():
    env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True, extensions=[AssistantTracker, loopcontrols])
    env.filters["tojson"] = tojson
    env.globals["raise_exception"] = raise_exception
    return env


def render_all(template, cases_file, out_dir, special):
    for case in json.load(open(cases_file, encoding="utf-8")):
        variables = {**special, **case["vars"]}
        tools = variables.pop("tools", None)
        text = template.render(messages=case["messages"], tools=tools, documents=None,
                               add_generation_prompt=case["add_generation_prompt"], **variables)
        with open(out_dir + "/" + case["name"] + ".txt", "w", encoding="utf-8", newline="") as f:
            f.write(text)
        print(case["name"], len(text))


config = json.load(open("tokenizer_config.json", encoding="utf-8"))
special = {}
for name in ["bos_token", "eos_token", "unk_token", "sep_token", "pad_token", "cls_token", "mask_token",
             "additional_special_tokens"]:
    value = config.get(name)
    if value is None:
        continue
    special[name] = value["content"] if isinstance(value, dict) else value

render_all(environment().from_string(config["chat_template"]), "chat-cases.json", "goldens", special)
os.makedirs("../dialect/goldens", exist_ok=True)
render_all(environment().from_string(open("../dialect/template.jinja", encoding="utf-8").read()),
           "../dialect/cases.json", "../dialect/goldens", {})
