# syntax=docker/dockerfile:1
# Inbox Hub image: the built wheel (with the web engine) on a slim Python, run as a non-root user.
# .ci/run performs the same steps outside a container: build the wheel, install it with [web] into a
# fresh environment, start it from a directory that is not the source tree.

FROM python:3.11-slim-bookworm AS build
WORKDIR /src
RUN pip install --no-cache-dir build==1.6.1
COPY pyproject.toml README.md ./
COPY src ./src
RUN python -m build --wheel --outdir /dist .

FROM python:3.11-slim-bookworm
# libmagic: media type sniffing (web engine); ffmpeg: voice notes and video thumbnails.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libmagic1 ffmpeg \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --user-group --home-dir /data --no-create-home inboxhub \
    && mkdir /data && chown inboxhub:inboxhub /data
COPY --from=build /dist/ /tmp/dist/
RUN wheel=$(ls /tmp/dist/inboxhub-*.whl) \
    && pip install --no-cache-dir "${wheel}[web]" \
    && rm -rf /tmp/dist

ENV INBOXHUB_HOST=0.0.0.0 \
    INBOXHUB_PORT=8084 \
    INBOXHUB_DATA_DIR=/data \
    PYTHONUNBUFFERED=1
VOLUME ["/data"]
WORKDIR /data
USER inboxhub
EXPOSE 8084
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen(f\"http://127.0.0.1:{os.environ.get('INBOXHUB_PORT', '8084')}/health\", timeout=4)"]
ENTRYPOINT ["inboxhub"]
CMD ["serve"]
