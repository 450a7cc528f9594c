package io.skylane.vpc.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class YangModulesTest {

    @Test
    void listsEveryModuleShippedAndOnlyThose() throws IOException, URISyntaxException {
        URL dir = YangModulesTest.class.getClassLoader().getResource(YangModules.RESOURCE_DIR);
        Set<String> files;
        try (Stream<Path> paths = Files.list(Path.of(dir.toURI()))) {
            files = paths.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
        Set<String> listed = YangModules.names().stream().map(n -> n + ".yang").collect(Collectors.toSet());
        assertEquals(files, listed);
        assertEquals("skylane-types", YangModules.names().get(0), "imported module first");
    }

    @Test
    void returnsEachModulesText() {
        for (String name : YangModules.names()) {
            String text = YangModules.text(name).orElseThrow();
            assertTrue(text.startsWith("module " + name + " {"), name);
            assertTrue(text.contains("yang-version 1.1;"), name);
        }
    }

    @Test
    void unknownModuleIsEmpty() {
        assertEquals(Optional.empty(), YangModules.text("ietf-inet-types"));
        assertEquals(Optional.empty(), YangModules.text("../yang/skylane-vpc"));
        assertThrows(NullPointerException.class, () -> YangModules.text(null));
    }

    @Test
    void describesEachModule() {
        assertEquals(YangModules.names(), YangModules.infos().stream().map(YangModules.Info::name).toList());
        for (YangModules.Info info : YangModules.infos()) {
            assertEquals("urn:skylane:yang:" + info.name(), info.namespace());
            assertTrue(info.revision().matches("\\d{4}-\\d{2}-\\d{2}"), info.toString());
        }
        assertEquals(Optional.empty(), YangModules.info("nope"));
    }
}
