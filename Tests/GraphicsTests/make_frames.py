"""Fixture generator for Tests/GraphicsTests (run from the repository root):

    SDL_VIDEODRIVER=dummy /work/venv/bin/python Tests/GraphicsTests/make_frames.py

1. Renders Gymnasium 1.4 `rgb_array` frames for set states of every classic-control
   environment and stores them as PNG files in Fixtures/frames/ with a manifest
   (Fixtures/frames/manifest.json) that lists the state behind each frame.
2. Draws a few pygame primitives (gfxdraw and draw) on small surfaces and stores
   them in Fixtures/primitives/ (manifest.json describes the calls).
3. Checks with Pillow (an independent decoder) that the PNG and GIF files written by
   Swiftlet's encoders (committed in Fixtures/encoded/, produced by the Swift test
   `encodedFilesMatchCommittedBytes`, which also leaves fresh copies in
   $TMPDIR/swiftlet-encoded/) decode to the expected pixels, size and frame count;
   the verdict goes to Fixtures/encoded/pillow_check.json.
"""
import json
import os
import sys

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")

import numpy as np  # noqa: E402
import gymnasium as gym  # noqa: E402
import pygame  # noqa: E402
from pygame import gfxdraw  # noqa: E402
from PIL import Image  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
FIX = os.path.join(HERE, "Fixtures")


def save_png(arr, path):
    Image.fromarray(np.ascontiguousarray(arr, dtype=np.uint8), "RGB").save(path, optimize=True)


def frames():
    out = os.path.join(FIX, "frames")
    os.makedirs(out, exist_ok=True)
    cases = []

    def render(env_id, name, set_state, params):
        env = gym.make(env_id, render_mode="rgb_array")
        env.reset(seed=0)
        set_state(env.unwrapped)
        frame = env.render()
        env.close()
        fname = f"{name}.png"
        save_png(frame, os.path.join(out, fname))
        cases.append({"env": env_id, "file": fname, **params})

    for i, (x, th) in enumerate([(0.0, 0.0), (1.2, 0.1), (-2.0, -0.2), (2.3, 0.05), (0.5, -0.15),
                                  (-0.7, 0.209), (0.0123, 0.3)]):
        render("CartPole-v1", f"cartpole_{i}",
               lambda e, x=x, th=th: setattr(e, "state", np.array([x, 0.0, th, 0.0])),
               {"x": x, "theta": th})
    for i, p in enumerate([-0.5, -1.2, 0.3, 0.55, -0.9, 0.0, -0.3]):
        render("MountainCar-v0", f"mountaincar_{i}",
               lambda e, p=p: setattr(e, "state", np.array([p, 0.0])),
               {"position": p, "goal_position": 0.5})
    for i, p in enumerate([-0.5, 0.44, -1.1]):
        render("MountainCarContinuous-v0", f"mountaincarcontinuous_{i}",
               lambda e, p=p: setattr(e, "state", np.array([p, 0.0], dtype=np.float32)),
               {"position": float(np.float32(p)), "goal_position": 0.45})
    for i, (t1, t2) in enumerate([(0.0, 0.0), (0.5, -0.3), (3.0, 1.0), (-1.7, 2.5), (np.pi, 0.0),
                                   (1.0, -2.0)]):
        render("Acrobot-v1", f"acrobot_{i}",
               lambda e, t1=t1, t2=t2: setattr(e, "state", np.array([t1, t2, 0.0, 0.0])),
               {"theta1": float(t1), "theta2": float(t2)})
    for i, (th, u) in enumerate([(0.0, None), (np.pi, 2.0), (1.0, -1.3), (-2.5, 0.5), (0.3, -2.0),
                                  (2.0, 0.7), (-0.8, 0.01), (4.0, -0.2)]):
        def st(e, th=th, u=u):
            e.state = np.array([th, 0.0])
            e.last_u = None if u is None else np.float32(u)
        render("Pendulum-v1", f"pendulum_{i}", st,
               {"theta": float(th), "last_u": None if u is None else float(np.float32(u))})

    with open(os.path.join(out, "manifest.json"), "w") as f:
        json.dump(cases, f, indent=1)
    print(f"{len(cases)} frames")


def primitives():
    """Small pygame drawings, one call each, on a white 64x48 surface."""
    out = os.path.join(FIX, "primitives")
    os.makedirs(out, exist_ok=True)
    cases = []
    rng = np.random.default_rng(7)

    def add(name, call, spec):
        s = pygame.Surface((64, 48))
        s.fill((255, 255, 255))
        call(s)
        arr = np.transpose(np.array(pygame.surfarray.pixels3d(s)), (1, 0, 2))
        save_png(arr, os.path.join(out, f"{name}.png"))
        cases.append({"file": f"{name}.png", **spec})

    for k in range(12):
        pts = [tuple(float(v) for v in (rng.uniform(-8, 72), rng.uniform(-8, 56))) for _ in range(int(rng.integers(3, 7)))]
        color = [int(c) for c in rng.integers(0, 256, 3)]
        add(f"filled_polygon_{k}", lambda s, pts=pts, color=color: gfxdraw.filled_polygon(s, pts, color),
            {"op": "filled_polygon", "points": pts, "color": color})
        add(f"aapolygon_{k}", lambda s, pts=pts, color=color: gfxdraw.aapolygon(s, pts, color),
            {"op": "aapolygon", "points": pts, "color": color})
        cx, cy, r = int(rng.integers(-5, 70)), int(rng.integers(-5, 53)), int(rng.integers(0, 30))
        add(f"aacircle_{k}", lambda s, cx=cx, cy=cy, r=r, color=color: gfxdraw.aacircle(s, cx, cy, r, color),
            {"op": "aacircle", "x": cx, "y": cy, "r": r, "color": color})
        add(f"filled_circle_{k}", lambda s, cx=cx, cy=cy, r=r, color=color: gfxdraw.filled_circle(s, cx, cy, r, color),
            {"op": "filled_circle", "x": cx, "y": cy, "r": r, "color": color})
        p, q = pts[0], pts[1]
        w = int(rng.integers(1, 6))
        add(f"line_{k}", lambda s, p=p, q=q, w=w, color=color: pygame.draw.line(s, color, p, q, w),
            {"op": "line", "start": p, "end": q, "width": w, "color": color})
        add(f"aalines_{k}", lambda s, pts=pts, color=color: pygame.draw.aalines(s, color, False, pts),
            {"op": "aalines", "points": pts, "color": color})
    with open(os.path.join(out, "manifest.json"), "w") as f:
        json.dump(cases, f, indent=1)
    print(f"{len(cases)} primitive drawings")


def encoded_pattern(w, h, k):
    """The pattern the Swift test encodes (keep in sync with EncoderTests.swift)."""
    y, x = np.mgrid[0:h, 0:w]
    return np.stack([51 * ((x + k) % 6), 51 * (y % 6), 51 * ((x + y + 2 * k) % 6)], axis=-1).astype(np.uint8)


def png_pattern(w, h):
    y, x = np.mgrid[0:h, 0:w]
    return np.stack([(x * 7 + y * 3) % 256, (x * y) % 256, (255 - x * 5) % 256], axis=-1).astype(np.uint8)


def large_pattern():
    y, x = np.mgrid[0:200, 0:300]
    i = (x * x + 3 * x * y + 7 * y) % 216
    return np.stack([51 * (i // 36), 51 * (i // 6 % 6), 51 * (i % 6)], axis=-1).astype(np.uint8)


def check_encoded():
    d = os.path.join(FIX, "encoded")
    result = {}
    png_path, gif_path = os.path.join(d, "pattern.png"), os.path.join(d, "pattern.gif")
    if not (os.path.exists(png_path) and os.path.exists(gif_path)):
        print("no encoded files yet: run `swift test --filter GraphicsTests`, copy $TMPDIR/swiftlet-encoded/* into "
              "Tests/GraphicsTests/Fixtures/encoded/, then run this script again", file=sys.stderr)
        return
    im = Image.open(png_path)
    im.load()
    arr = np.array(im.convert("RGB"))
    result["png"] = {"size": list(im.size), "mode": im.mode,
                     "pixels_equal": bool(arr.shape == (23, 37, 3) and (arr == png_pattern(37, 23)).all())}
    g = Image.open(gif_path)
    frames_ok, durations = [], []
    for k in range(g.n_frames):
        g.seek(k)
        durations.append(g.info.get("duration"))
        frames_ok.append(bool((np.array(g.convert("RGB")) == encoded_pattern(37, 23, k)).all()))
    result["gif"] = {"size": list(g.size), "frames": g.n_frames, "loop": g.info.get("loop"),
                     "durations_ms": durations, "frames_equal": frames_ok}
    lg = Image.open(os.path.join(d, "large.gif"))
    result["large_gif"] = {"size": list(lg.size), "frames": lg.n_frames,
                           "pixels_equal": bool((np.array(lg.convert("RGB")) == large_pattern()).all())}
    result["ok"] = (result["large_gif"]["pixels_equal"] and result["large_gif"]["frames"] == 1
                    and result["png"]["pixels_equal"] and result["png"]["size"] == [37, 23]
                    and result["gif"]["frames"] == 3 and all(frames_ok) and result["gif"]["loop"] == 0
                    and all(v == 50 for v in durations))
    with open(os.path.join(d, "pillow_check.json"), "w") as f:
        json.dump(result, f, indent=1)
    print("encoded files:", "ok" if result["ok"] else result)


if __name__ == "__main__":
    pygame.display.init()
    frames()
    primitives()
    check_encoded()
