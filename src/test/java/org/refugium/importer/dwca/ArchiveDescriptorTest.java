package org.refugium.importer.dwca;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class ArchiveDescriptorTest {

  @Test
  void readsInaturalistsTaxonomyMetaXml() throws Exception {
    ArchiveDescriptor d;
    try (InputStream in = Files.newInputStream(ImportFixtures.fixture("dwca-russian-names").resolve("meta.xml"))) {
      d = ArchiveDescriptor.parse(in, "meta.xml");
    }
    assertThat(d.core().isRowType("/Taxon")).isTrue();
    assertThat(d.core().locations()).containsExactly("taxa.csv");
    assertThat(d.core().dialect()).isEqualTo(CsvDialect.INATURALIST);
    assertThat(d.core().columns()).containsEntry("id", 0).containsEntry("taxonid", 1)
        .containsEntry("parentnameusageid", 3).containsEntry("scientificname", 13).containsEntry("taxonrank", 14);
    ArchiveDescriptor.Table names = d.extensions("/VernacularName").get(0);
    assertThat(names.locations()).containsExactly("VernacularNames-english.csv", "VernacularNames-russian.csv");
    assertThat(names.columns()).containsEntry("id", 0).containsEntry("vernacularname", 1)
        .containsEntry("language", 2).containsEntry("lexicon", 6);
  }

  @Test
  void readsGbifsTabSeparatedMetaXml() throws Exception {
    ArchiveDescriptor d;
    try (InputStream in = Files.newInputStream(ImportFixtures.sharedData("gbif-download-2020").resolve("meta.xml"))) {
      d = ArchiveDescriptor.parse(in, "meta.xml");
    }
    assertThat(d.core().locations()).containsExactly("occurrence.txt");
    assertThat(d.core().dialect().delimiter()).isEqualTo('\t');
    assertThat(d.core().dialect().quoted()).isFalse();
    assertThat(d.core().columns()).containsEntry("gbifid", 0).containsEntry("catalognumber", 68);
    assertThat(d.extensions("/Multimedia").get(0).locations()).containsExactly("multimedia.txt");
  }
}
