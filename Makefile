# Thin wrapper; the real build is CMake (see CMakePresets.json).
.PHONY: run test build clean
build:
	cmake --preset release && cmake --build --preset release
run: build
	./build/release/fangkong simulate --out out/demo
test:
	bash .ci/run
clean:
	rm -rf build out
