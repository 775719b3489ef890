from jxc.cli import run

run()
