"""Independent decoding of the CLI's image outputs with Pillow (not run by the tests,
which cannot call Python; run by hand and note the result in the commit/report).

Usage: /work/venv/bin/python Tests/CLITests/check_outputs.py .build/release/swiftlet

Records CartPole-v1 with a seeded random policy (Gymnasium: seed 0 gives episodes of
18 and 16 steps, see Fixtures/gymnasium.json), writes PNG frames, and plots two fake
runs; checks sizes and frame counts as Pillow decodes them.
"""
import json
import os
import subprocess
import sys
import tempfile

from PIL import Image

exe = os.path.abspath(sys.argv[1])
here = os.path.dirname(os.path.abspath(__file__))
fixtures = json.load(open(os.path.join(here, "Fixtures", "gymnasium.json")))
case = next(c for c in fixtures["watch_random"] if c["env"] == "CartPole-v1" and c["seed"] == 0)
episodes = 2
expected_frames = sum(case["lengths"][:episodes]) + episodes
env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "SDL_VIDEODRIVER")}

with tempfile.TemporaryDirectory() as d:
    subprocess.run([exe, "watch", "CartPole-v1", "--seed", "0", "--episodes", str(episodes), "--record", f"{d}/a.gif",
                    "--frames", f"{d}/f", "--scale", "0.5"], check=True, env=env, capture_output=True)
    gif = Image.open(f"{d}/a.gif")
    assert gif.size == (300, 200), gif.size
    assert gif.n_frames == expected_frames, (gif.n_frames, expected_frames)
    assert gif.info.get("loop") == 0 and gif.info.get("duration") == 30, gif.info
    pngs = sorted(os.listdir(f"{d}/f"))
    assert len(pngs) == expected_frames
    for name in (pngs[0], pngs[-1]):
        im = Image.open(f"{d}/f/{name}")
        im.load()
        assert im.size == (300, 200) and im.mode == "RGB", (im.size, im.mode)
    # The recorded frame and the PNG frame are the same picture (GIF quantizes colors).
    gif.seek(5)
    a = gif.convert("RGB")
    b = Image.open(f"{d}/f/{pngs[5]}").convert("RGB")
    diff = sum(1 for p, q in zip(a.get_flattened_data() if hasattr(a, "get_flattened_data") else a.getdata(), b.get_flattened_data() if hasattr(b, "get_flattened_data") else b.getdata()) if max(abs(x - y) for x, y in zip(p, q)) > 40)
    assert diff < 0.01 * 300 * 200, diff

    for name, seed, vals in (("r-s1", 1, [10, 50, 90]), ("r-s2", 2, [20, 60, 80])):
        os.makedirs(f"{d}/{name}")
        with open(f"{d}/{name}/metrics.csv", "w") as f:
            f.write("timesteps,ep_return_mean\n" + "".join(f"{i * 100},{v}\n" for i, v in enumerate(vals)))
        with open(f"{d}/{name}/config.yml", "w") as f:
            f.write(f"# algo: ppo\n# env_id: CartPole-v1\n# seed: {seed}\nn_steps: 32\n")
    subprocess.run([exe, "plot", f"{d}/r-s1", f"{d}/r-s2", "--out", f"{d}/c.png"], check=True, capture_output=True)
    im = Image.open(f"{d}/c.png")
    im.load()
    assert im.size == (800, 500) and im.mode == "RGB", (im.size, im.mode)

print(f"ok: GIF 300x200 with {expected_frames} frames (loop, 30 cs), {expected_frames} PNG frames 300x200, plot 800x500")
